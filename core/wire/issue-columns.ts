// The live snapshot as columns (GET /api/issues/live?format=columns): one array per field instead
// of one object per issue, each field that repeats (status, colour, area codes, people) as its
// distinct values and one small index per issue, and the times as whole milliseconds relative to
// the issue before or to its own report. Lossless: decode(encode(x)) deep-equals x.
//
// Why (measured on a city's year, 38,493 issues — 34,267 open and those finished in a day — on the
// PostgreSQL server): as objects the snapshot was 31.3 MB of JSON, 5.63 MB gzipped (level 1, as the
// server sends it); as plain columns 3.95 MB; with the dictionaries, the times as differences and the
// reported pair only where it differs, about half that. The console's target is 3 MB for 20,000
// open issues. Decoding is a loop over arrays, a few tens of milliseconds in the browser.
import type { IssueSummary } from './issues.js'

/** The text fields sent as dictionaries. */
const DICTIONARY_FIELDS = [
  'status', 'colour', 'category', 'importance', 'urgency', 'source', 'areaCode', 'gridCode', 'communityCode', 'streetCode',
  'districtCode', 'reporter', 'assignee', 'department',
] as const satisfies readonly (keyof IssueSummary)[]
type DictionaryField = (typeof DICTIONARY_FIELDS)[number]

/** A column of repeating text: its distinct values, and each issue's index among them (-1: null). */
export interface DictionaryColumn {
  values: string[]
  at: number[]
}

export interface IssueColumns {
  /** How many issues (every array has this length). */
  n: number
  id: string[]
  code: string[]
  seq: number[]
  description: string[]
  address: (string | null)[]
  text: Record<DictionaryField | 'rawCrs', DictionaryColumn>
  lon: number[]
  lat: number[]
  /** The pair as reported where it differs from lon/lat (null: the same pair). */
  rawLon: (number | null)[]
  rawLat: (number | null)[]
  outOfArea: (0 | 1)[]
  rating: (number | null)[]
  photoCount: number[]
  possibleDuplicateOf: (string | null)[]
  duplicateOf: (string | null)[]
  /** Epoch milliseconds of the first issue's report, then each one's difference from the one before. */
  reportedAt: number[]
  /** Milliseconds after the issue's report. */
  updatedAt: number[]
  stageStartedAt: number[]
  /** Milliseconds after the current stage began, or null when no stage runs. */
  dueAt: (number | null)[]
  /** The indices of the issues marked as blocking passage (absent: none). */
  blocksPassage?: number[]
}

export function encodeIssueColumns(issues: readonly IssueSummary[]): IssueColumns {
  // One pass, each issue's fields read once into preallocated columns: the field-by-field maps read
  // every held issue thirty times, 200 ms for a city's page of 18,000 issues on the embedded engine's
  // bench (CPU profile), more than the page's SQL.
  const n = issues.length
  const dictionaries = [...DICTIONARY_FIELDS, 'rawCrs'].map(() => ({ index: new Map<string, number>(), at: new Array<number>(n) }))
  const c: Omit<IssueColumns, 'text' | 'blocksPassage'> = {
    n,
    id: new Array(n), code: new Array(n), seq: new Array(n), description: new Array(n), address: new Array(n), lon: new Array(n), lat: new Array(n),
    rawLon: new Array(n), rawLat: new Array(n), outOfArea: new Array(n), rating: new Array(n), photoCount: new Array(n),
    possibleDuplicateOf: new Array(n), duplicateOf: new Array(n), reportedAt: new Array(n), updatedAt: new Array(n), stageStartedAt: new Array(n), dueAt: new Array(n),
  }
  const blocking: number[] = []
  let previous = 0
  for (let k = 0; k < n; k++) {
    const i = issues[k]
    // Each field by name (a keyed read with the name in a variable is a megamorphic lookup).
    put(dictionaries[0], k, i.status)
    put(dictionaries[1], k, i.colour)
    put(dictionaries[2], k, i.category)
    put(dictionaries[3], k, i.importance)
    put(dictionaries[4], k, i.urgency)
    put(dictionaries[5], k, i.source)
    put(dictionaries[6], k, i.areaCode)
    put(dictionaries[7], k, i.gridCode)
    put(dictionaries[8], k, i.communityCode)
    put(dictionaries[9], k, i.streetCode)
    put(dictionaries[10], k, i.districtCode)
    put(dictionaries[11], k, i.reporter)
    put(dictionaries[12], k, i.assignee)
    put(dictionaries[13], k, i.department)
    put(dictionaries[14], k, i.raw.crs)
    const reported = parseIsoMs(i.reportedAt)
    const stage = parseIsoMs(i.stageStartedAt)
    const samePair = i.raw.lon === i.lon && i.raw.lat === i.lat
    c.id[k] = i.id
    c.code[k] = i.code
    c.seq[k] = i.seq
    c.description[k] = i.description
    c.address[k] = i.address
    c.lon[k] = i.lon
    c.lat[k] = i.lat
    c.rawLon[k] = samePair ? null : i.raw.lon
    c.rawLat[k] = samePair ? null : i.raw.lat
    c.outOfArea[k] = i.outOfArea ? 1 : 0
    c.rating[k] = i.rating
    c.photoCount[k] = i.photoCount
    c.possibleDuplicateOf[k] = i.possibleDuplicateOf
    c.duplicateOf[k] = i.duplicateOf
    c.reportedAt[k] = k === 0 ? reported : reported - previous
    c.updatedAt[k] = parseIsoMs(i.updatedAt) - reported
    c.stageStartedAt[k] = stage - reported
    c.dueAt[k] = i.dueAt === null ? null : parseIsoMs(i.dueAt) - stage
    if (i.blocksPassage) blocking.push(k)
    previous = reported
  }
  const text = {} as IssueColumns['text']
  ;[...DICTIONARY_FIELDS, 'rawCrs' as const].forEach((field, f) => (text[field] = { values: [...dictionaries[f].index.keys()], at: dictionaries[f].at }))
  const { n: count, id, code, seq, description, address, lon, lat, rawLon, rawLat, outOfArea, rating, photoCount, possibleDuplicateOf, duplicateOf, reportedAt, updatedAt, stageStartedAt, dueAt } = c
  // The keys in their documented order (the JSON's order).
  return {
    n: count, id, code, seq, description, address, text, lon, lat, rawLon, rawLat, outOfArea, rating, photoCount, possibleDuplicateOf, duplicateOf,
    reportedAt, updatedAt, stageStartedAt, dueAt, ...(blocking.length ? { blocksPassage: blocking } : {}),
  }
}

function put(column: { index: Map<string, number>; at: number[] }, k: number, v: string | null): void {
  if (v === null) {
    column.at[k] = -1
    return
  }
  let at = column.index.get(v)
  if (at === undefined) column.index.set(v, (at = column.index.size))
  column.at[k] = at
}

const ISO_LENGTH = 24
const MS_PER_DAY = 86_400_000
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Epoch milliseconds of an instant as toISOString writes it (YYYY-MM-DDTHH:MM:SS.sssZ) read digit by
 * digit and counted in integers (days from the civil date, as in H. Hinnant's `days_from_civil`),
 * anything else by Date.parse: a page encodes four times for each of its 20,000 issues. 80,000
 * instants: 4–6 ms counted, 9–16 ms through Date.UTC and a Date to check the day, 13–18 ms by
 * Date.parse (this machine, tsx).
 */
export function parseIsoMs(iso: string): number {
  if (iso.length !== ISO_LENGTH || iso.charCodeAt(23) !== 90 /* Z */ || iso.charCodeAt(10) !== 84 /* T */) return Date.parse(iso)
  if (iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45 || iso.charCodeAt(13) !== 58 || iso.charCodeAt(16) !== 58 || iso.charCodeAt(19) !== 46) return Date.parse(iso)
  const year = digitsAt(iso, 0, 4)
  const month = digitsAt(iso, 5, 2)
  const day = digitsAt(iso, 8, 2)
  const hour = digitsAt(iso, 11, 2)
  const minute = digitsAt(iso, 14, 2)
  const second = digitsAt(iso, 17, 2)
  const milli = digitsAt(iso, 20, 3)
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const monthDays = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]
  // A digit missing (NaN fails every test) or out of range: Date.parse's answer (which is NaN). Years
  // before 100 go there too, as they did when Date.UTC read them as 19YY (Date.parse reads them right).
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= monthDays && hour <= 23 && minute <= 59 && second <= 59 && milli >= 0)) return Date.parse(iso)
  // Days since 1970-01-01: the year counted from March, so that February's leap day comes last.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const days = era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468
  return days * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli
}

/** Epoch milliseconds of 0000-01-01 and of 10000-01-01: toISOString writes four-digit years between. */
const FOUR_DIGIT_YEARS_MS = [-62_167_219_200_000, 253_402_300_800_000]

/**
 * What `new Date(ms).toISOString()` writes, counted in integers (the civil date from the days, as in
 * H. Hinnant's `civil_from_days`) and made as one flat string of its character codes; an instant
 * outside four-digit years, or not a finite number, by toISOString itself (which throws for NaN).
 * Why: the decoder writes four instants per issue, 80,000 a page, and in Chromium toISOString took
 * 76–207 ms for them, this 10–18 once optimised (80,000 instants, headless Chromium on this machine).
 * Character codes, not `+`: a string joined from pieces is a rope, kept as such in every summary.
 */
export function formatIsoMs(ms: number): string {
  if (!(ms >= FOUR_DIGIT_YEARS_MS[0] && ms < FOUR_DIGIT_YEARS_MS[1]) || ms !== Math.floor(ms)) return new Date(ms).toISOString()
  const days = Math.floor(ms / MS_PER_DAY)
  let rest = ms - days * MS_PER_DAY
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shifted = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1
  const month = shifted < 10 ? shifted + 3 : shifted - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const hour = Math.floor(rest / 3_600_000)
  rest -= hour * 3_600_000
  const minute = Math.floor(rest / 60_000)
  rest -= minute * 60_000
  const second = Math.floor(rest / 1000)
  rest -= second * 1000
  return String.fromCharCode(
    48 + Math.floor(year / 1000), 48 + (Math.floor(year / 100) % 10), 48 + (Math.floor(year / 10) % 10), 48 + (year % 10), 45 /* - */,
    48 + Math.floor(month / 10), 48 + (month % 10), 45, 48 + Math.floor(day / 10), 48 + (day % 10), 84 /* T */,
    48 + Math.floor(hour / 10), 48 + (hour % 10), 58 /* : */, 48 + Math.floor(minute / 10), 48 + (minute % 10), 58,
    48 + Math.floor(second / 10), 48 + (second % 10), 46 /* . */, 48 + Math.floor(rest / 100), 48 + (Math.floor(rest / 10) % 10), 48 + (rest % 10), 90 /* Z */,
  )
}

/**
 * The number `len` decimal digits long at `at` (NaN if any is not a digit). A function of its own,
 * not a closure in parseIsoMs: the server runs under tsx, which names every function it defines
 * (esbuild's keepNames: a defineProperty each time), and a closure made per call took as long as
 * the parsing (CPU profile of a console's start on the city's year).
 */
function digitsAt(iso: string, at: number, len: number): number {
  let v = 0
  for (let j = at; j < at + len; j++) {
    const x = iso.charCodeAt(j) - 48
    if (x < 0 || x > 9) return NaN
    v = v * 10 + x
  }
  return v
}

export function decodeIssueColumns(c: IssueColumns): IssueSummary[] {
  return decodeIssueColumnsInChunks(c, Math.max(1, c.n)).next().value ?? []
}

/**
 * The same issues in chunks of `size`, so a browser can draw a frame between them: 20,000 issues
 * decode in about 100 ms on this machine, more than a frame may take.
 */
export function* decodeIssueColumnsInChunks(c: IssueColumns, size: number): Generator<IssueSummary[], void> {
  const t = c.text
  const text = (column: DictionaryColumn, k: number) => (column.at[k] < 0 ? null : column.values[column.at[k]])
  let reported = 0
  let issues: IssueSummary[] = []
  const blocking = new Set(c.blocksPassage)
  for (let k = 0; k < c.n; k++) {
    reported = k === 0 ? c.reportedAt[0] : reported + c.reportedAt[k]
    const stage = reported + c.stageStartedAt[k]
    const due = c.dueAt[k]
    issues.push({
      id: c.id[k],
      code: c.code[k],
      seq: c.seq[k],
      status: text(t.status, k) as IssueSummary['status'],
      colour: text(t.colour, k) as IssueSummary['colour'],
      category: text(t.category, k)!,
      importance: text(t.importance, k) as IssueSummary['importance'],
      urgency: text(t.urgency, k) as IssueSummary['urgency'],
      description: c.description[k],
      address: c.address[k],
      source: text(t.source, k) as IssueSummary['source'],
      areaCode: text(t.areaCode, k),
      gridCode: text(t.gridCode, k),
      communityCode: text(t.communityCode, k),
      streetCode: text(t.streetCode, k),
      districtCode: text(t.districtCode, k),
      outOfArea: c.outOfArea[k] === 1,
      lon: c.lon[k],
      lat: c.lat[k],
      raw: { lon: c.rawLon[k] ?? c.lon[k], lat: c.rawLat[k] ?? c.lat[k], crs: text(t.rawCrs, k) as IssueSummary['raw']['crs'] },
      reporter: text(t.reporter, k)!,
      assignee: text(t.assignee, k),
      department: text(t.department, k),
      rating: c.rating[k],
      possibleDuplicateOf: c.possibleDuplicateOf[k],
      duplicateOf: c.duplicateOf[k],
      photoCount: c.photoCount[k],
      reportedAt: formatIsoMs(reported),
      updatedAt: formatIsoMs(reported + c.updatedAt[k]),
      stageStartedAt: formatIsoMs(stage),
      dueAt: due === null ? null : formatIsoMs(stage + due),
      ...(blocking.has(k) ? { blocksPassage: true as const } : {}),
    })
    if (issues.length === size) {
      yield issues
      issues = []
    }
  }
  if (issues.length) yield issues
}
