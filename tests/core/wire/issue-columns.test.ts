// The live snapshot as columns: lossless for every field and every null, and smaller than the
// objects it replaces (the server's test compares it with the JSON snapshot on both engines).
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeIssueColumns, decodeIssueColumnsInChunks, encodeIssueColumns, formatIsoMs, parseIsoMs } from '../../../core/wire/issue-columns.js'
import type { IssueSummary } from '../../../core/wire/issues.js'

const base: IssueSummary = {
  id: '0b7c1f7e-3c1a-4d5e-9f00-000000000001',
  code: 'E20261201000001',
  seq: 41,
  status: 'dispatched',
  colour: 'orange',
  category: 'sanitation.garbage',
  importance: 'high',
  urgency: 'medium',
  description: '垃圾桶满溢',
  address: '碧江区 锦江路 12 号',
  source: 'field',
  areaCode: '520602001001001',
  gridCode: '520602001001001',
  communityCode: '520602001001',
  streetCode: '520602001',
  districtCode: '520602',
  outOfArea: false,
  lon: 109.191234,
  lat: 27.718765,
  raw: { lon: 109.191234, lat: 27.718765, crs: 'wgs84' },
  reporter: 'worker01',
  assignee: 'leader02',
  department: 'sanitation',
  rating: null,
  possibleDuplicateOf: null,
  duplicateOf: null,
  photoCount: 2,
  reportedAt: '2026-12-01T08:00:00.123Z',
  updatedAt: '2026-12-01T09:30:00.000Z',
  stageStartedAt: '2026-12-01T09:00:00.456Z',
  dueAt: '2026-12-01T13:00:00.456Z',
}

/** Issues that differ in every way a field may: nulls, a converted pair, out of area, no stage, older after newer. */
const issues: IssueSummary[] = [
  base,
  {
    ...base,
    id: '0b7c1f7e-3c1a-4d5e-9f00-000000000002',
    code: 'H20261130000007',
    seq: 3,
    status: 'closed',
    colour: 'blue',
    source: 'hotline',
    address: null,
    areaCode: null,
    gridCode: null,
    communityCode: null,
    streetCode: null,
    districtCode: null,
    outOfArea: true,
    raw: { lon: 109.186, lat: 27.7213, crs: 'gcj02' },
    assignee: null,
    department: null,
    rating: 5,
    possibleDuplicateOf: base.id,
    duplicateOf: base.id,
    photoCount: 0,
    reportedAt: '2026-11-30T23:59:59.999Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    stageStartedAt: '2026-11-30T23:59:59.999Z',
    dueAt: null,
  },
  { ...base, id: '0b7c1f7e-3c1a-4d5e-9f00-000000000003', seq: 90, blocksPassage: true, reportedAt: '2026-12-02T00:00:00.000Z', updatedAt: '2026-12-02T00:00:00.000Z', stageStartedAt: '2026-12-02T00:00:00.000Z', dueAt: '2026-12-02T04:00:00.000Z', raw: { lon: base.lon, lat: 27.7, crs: 'wgs84' } },
]

describe('issue columns', () => {
  it('decodes to exactly the issues encoded, nulls and all', () => {
    expect(decodeIssueColumns(encodeIssueColumns(issues))).toEqual(issues)
    expect(decodeIssueColumns(JSON.parse(JSON.stringify(encodeIssueColumns(issues))))).toEqual(issues)
    // A passage mark travels as the marked issues' indices, and only when there is one.
    expect(encodeIssueColumns(issues).blocksPassage).toEqual([2])
    expect(encodeIssueColumns(issues.slice(0, 2))).not.toHaveProperty('blocksPassage')
  })

  it('sends each repeating text once, the reported pair only where it differs, and times as differences', () => {
    const c = encodeIssueColumns(issues)
    expect(c.text.gridCode).toEqual({ values: ['520602001001001'], at: [0, -1, 0] })
    expect(c.text.status).toEqual({ values: ['dispatched', 'closed'], at: [0, 1, 0] })
    expect(c.rawLon).toEqual([null, 109.186, 109.191234])
    expect(c.rawLat).toEqual([null, 27.7213, 27.7])
    expect(c.reportedAt).toEqual([Date.parse(base.reportedAt), Date.parse('2026-11-30T23:59:59.999Z') - Date.parse(base.reportedAt), Date.parse('2026-12-02T00:00:00.000Z') - Date.parse('2026-11-30T23:59:59.999Z')])
    expect(c.dueAt).toEqual([4 * 3_600_000, null, 4 * 3_600_000])
  })

  it('is an empty snapshot when there are no issues', () => {
    const c = encodeIssueColumns([])
    expect(c.n).toBe(0)
    expect(decodeIssueColumns(c)).toEqual([])
  })

  it('is far smaller than the objects gzipped, on a thousand varied issues', () => {
    const many = Array.from({ length: 1000 }, (_, k): IssueSummary => {
      const reported = Date.parse('2026-11-01T00:00:00Z') + k * 97_531
      return {
        ...base,
        id: `0b7c1f7e-3c1a-4d5e-9f00-${String(k).padStart(12, '0')}`,
        code: `E202611${String(k).padStart(8, '0')}`,
        seq: 1000 + k * 3,
        colour: (['red', 'orange', 'yellow', 'blue'] as const)[k % 4],
        gridCode: `5206020010010${String(k % 40).padStart(2, '0')}`,
        lon: 109.1 + (k % 97) / 1000,
        lat: 27.7 + (k % 89) / 1000,
        raw: { lon: 109.1 + (k % 97) / 1000, lat: 27.7 + (k % 89) / 1000, crs: 'wgs84' },
        reportedAt: new Date(reported).toISOString(),
        updatedAt: new Date(reported + 600_000).toISOString(),
        stageStartedAt: new Date(reported + 300_000).toISOString(),
        dueAt: new Date(reported + 300_000 + 14_400_000).toISOString(),
      }
    })
    const c = encodeIssueColumns(many)
    expect(decodeIssueColumns(c)).toEqual(many)
    const objects = gzipSync(JSON.stringify(many), { level: 1 }).length
    const columns = gzipSync(JSON.stringify(c), { level: 1 }).length
    expect(columns).toBeLessThan(objects / 2)
  })
})

describe('issue columns in chunks', () => {
  it('gives the same issues in order, in chunks of the size asked, the last one shorter', () => {
    const c = encodeIssueColumns(issues)
    expect([...decodeIssueColumnsInChunks(c, 2)].map((chunk) => chunk.length)).toEqual([2, 1])
    expect([...decodeIssueColumnsInChunks(c, 2)].flat()).toEqual(issues)
    expect([...decodeIssueColumnsInChunks(c, 5)]).toEqual([issues])
    expect([...decodeIssueColumnsInChunks(encodeIssueColumns([]), 5)]).toEqual([])
  })
})

describe('parseIsoMs', () => {
  it('reads an instant as toISOString writes it exactly as Date.parse does, and leaves anything else to Date.parse', () => {
    for (let k = 0; k < 2000; k++) {
      const iso = new Date(Date.UTC(1970, 0, 1) + Math.floor(((k * 7919) % 2000) / 2000 * 4e12) + k * 37).toISOString()
      expect(parseIsoMs(iso)).toBe(Date.parse(iso))
    }
    // Every day of two centuries and their leap rules, at both ends of the day (one assertion: a
    // hundred thousand took seconds).
    const days: string[] = []
    for (let t = Date.UTC(1899, 11, 1); t < Date.UTC(2101, 1, 1); t += 86_400_000) days.push(new Date(t).toISOString(), new Date(t + 86_399_999).toISOString())
    expect(days.filter((iso) => parseIsoMs(iso) !== Date.parse(iso))).toEqual([])
    for (const iso of ['2000-02-29T12:00:00.000Z', '2400-02-29T00:00:00.000Z', '0100-03-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) expect(parseIsoMs(iso)).toBe(Date.parse(iso))
    for (const odd of [
      '2026-02-30T10:00:00.000Z', '2026-13-01T00:00:00.000Z', '0050-01-01T00:00:00.000Z', '2026-12-03T10:00:00Z', '2026-12-03T10:00:00.000+08:00', 'nonsense', '2026-12-03T1a:00:00.000Z',
      '2100-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026x12-03T10:00:00.000Z', '2026-12-03T10:00:00.0a0Z', '2026-12-03T24:00:00.000Z',
    ]) {
      expect(parseIsoMs(odd)).toEqual(Date.parse(odd))
    }
  })
})

describe('formatIsoMs', () => {
  it('writes an instant exactly as toISOString does, and throws where it throws', () => {
    const iso = (ms: number) => new Date(ms).toISOString()
    const instants: number[] = []
    for (let t = Date.UTC(1899, 11, 1); t < Date.UTC(2101, 1, 1); t += 86_400_000) instants.push(t, t + 86_399_999, t + 45_296_789)
    for (let k = 0; k < 2000; k++) instants.push(Math.floor((((k * 7919) % 2000) / 2000) * 3.2e14) - 6.2e13)
    // Four-digit years end to end, and beyond them (toISOString's six-digit years), fractions, leap days.
    instants.push(-62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2400, 1, 29), Date.UTC(1600, 1, 29), 0, -1, 1.5, -0)
    // Compared in a loop, one assertion at the end: 220,000 of them took seconds.
    const wrong = instants.filter((ms) => formatIsoMs(ms) !== iso(ms)).map((ms) => [ms, formatIsoMs(ms), iso(ms)])
    expect(wrong).toEqual([])
    expect(instants.length).toBeGreaterThan(200_000)
    for (const bad of [NaN, Infinity, 8.64e15 + 1]) expect(() => formatIsoMs(bad)).toThrow(RangeError)
  })
})
