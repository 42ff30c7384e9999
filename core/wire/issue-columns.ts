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
  const text = {} as IssueColumns['text']
  for (const field of DICTIONARY_FIELDS) text[field] = encodeDictionary(issues.map((i) => i[field]))
  text.rawCrs = encodeDictionary(issues.map((i) => i.raw.crs))
  const reported = issues.map((i) => Date.parse(i.reportedAt))
  const stage = issues.map((i) => Date.parse(i.stageStartedAt))
  const samePair = (i: IssueSummary) => i.raw.lon === i.lon && i.raw.lat === i.lat
  const blocking = issues.flatMap((i, k) => (i.blocksPassage ? [k] : []))
  return {
    n: issues.length,
    id: issues.map((i) => i.id),
    code: issues.map((i) => i.code),
    seq: issues.map((i) => i.seq),
    description: issues.map((i) => i.description),
    address: issues.map((i) => i.address),
    text,
    lon: issues.map((i) => i.lon),
    lat: issues.map((i) => i.lat),
    rawLon: issues.map((i) => (samePair(i) ? null : i.raw.lon)),
    rawLat: issues.map((i) => (samePair(i) ? null : i.raw.lat)),
    outOfArea: issues.map((i) => (i.outOfArea ? 1 : 0)),
    rating: issues.map((i) => i.rating),
    photoCount: issues.map((i) => i.photoCount),
    possibleDuplicateOf: issues.map((i) => i.possibleDuplicateOf),
    duplicateOf: issues.map((i) => i.duplicateOf),
    reportedAt: reported.map((t, k) => (k === 0 ? t : t - reported[k - 1])),
    updatedAt: issues.map((i, k) => Date.parse(i.updatedAt) - reported[k]),
    stageStartedAt: stage.map((t, k) => t - reported[k]),
    dueAt: issues.map((i, k) => (i.dueAt === null ? null : Date.parse(i.dueAt) - stage[k])),
    ...(blocking.length ? { blocksPassage: blocking } : {}),
  }
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
  const iso = (ms: number) => new Date(ms).toISOString()
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
      reportedAt: iso(reported),
      updatedAt: iso(reported + c.updatedAt[k]),
      stageStartedAt: iso(stage),
      dueAt: due === null ? null : iso(stage + due),
      ...(blocking.has(k) ? { blocksPassage: true as const } : {}),
    })
    if (issues.length === size) {
      yield issues
      issues = []
    }
  }
  if (issues.length) yield issues
}

function encodeDictionary(values: readonly (string | null)[]): DictionaryColumn {
  const index = new Map<string, number>()
  const at = values.map((v) => {
    if (v === null) return -1
    let k = index.get(v)
    if (k === undefined) index.set(v, (k = index.size))
    return k
  })
  return { values: [...index.keys()], at }
}
