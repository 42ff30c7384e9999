// The live snapshot read page by page (client/api/issues.ts): the pages' issues in order, each next
// page asked for with the first page's cursor before the page before it is decoded (the server reads
// it meanwhile), and a page that fails fails the read — without an unhandled rejection meanwhile.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchLiveIssues } from '../../client/api/issues'
import type { Session } from '../../client/api/session'
import { encodeIssueColumns } from '../../core/wire/issue-columns'
import type { IssueSummary } from '../../core/wire/issues'

const session = { token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user: { username: 'op', displayName: 'op', role: 'operator', areaCode: '520602' } } as unknown as Session
const issue = (n: number): IssueSummary => ({
  id: `0b7c1f7e-3c1a-4d5e-9f00-${String(n).padStart(12, '0')}`, code: `E2026120100000${n}`, seq: n, status: 'dispatched', colour: 'orange',
  category: 'sanitation.garbage', importance: 'high', urgency: 'medium', description: `第 ${n} 件`, address: null, source: 'field',
  areaCode: '520602001001001', gridCode: '520602001001001', communityCode: '520602001001', streetCode: '520602001', districtCode: '520602',
  outOfArea: false, lon: 109.19, lat: 27.71, raw: { lon: 109.19, lat: 27.71, crs: 'wgs84' }, reporter: 'worker01', assignee: null, department: null,
  rating: null, possibleDuplicateOf: null, duplicateOf: null, photoCount: 0, reportedAt: `2026-12-01T0${n}:00:00.000Z`,
  updatedAt: `2026-12-01T0${n}:00:00.000Z`, stageStartedAt: `2026-12-01T0${n}:00:00.000Z`, dueAt: null,
})
/** Three pages of two issues, chained by `next`. */
const pages = [
  { columns: encodeIssueColumns([issue(1), issue(2)]), next: 'c1', lastSeq: 9, activeSince: '2026-12-01T00:00:00.000Z' },
  { columns: encodeIssueColumns([issue(3), issue(4)]), next: 'c2', lastSeq: 9, activeSince: '2026-12-01T00:00:00.000Z' },
  { columns: encodeIssueColumns([issue(5), issue(6)]), next: null, lastSeq: 9, activeSince: '2026-12-01T00:00:00.000Z' },
]

afterEach(() => vi.unstubAllGlobals())

describe('the live snapshot, page by page', () => {
  it("asks each next page before decoding the one before, and gives every page's issues in order", async () => {
    const log: string[] = []
    vi.stubGlobal('document', { hidden: false })
    // Decoding yields between chunks with setTimeout: each yield is logged, so the log shows what came first.
    const realSetTimeout = globalThis.setTimeout
    vi.stubGlobal('setTimeout', ((fn: () => void, ms?: number) => {
      log.push('decode')
      return realSetTimeout(fn, ms)
    }) as typeof setTimeout)
    vi.stubGlobal('fetch', async (url: string) => {
      const before = new URL(url, 'http://x').searchParams.get('before')
      log.push(`fetch ${before ?? 'first'}`)
      if (before) expect(new URL(url, 'http://x').searchParams.get('activeSince')).toBe(pages[0].activeSince)
      return new Response(JSON.stringify(pages[before === null ? 0 : before === 'c1' ? 1 : 2]), { status: 200 })
    })
    const read = await fetchLiveIssues(session, 1)
    expect(read.issues.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6])
    expect(read.issues[4]).toEqual(issue(5))
    expect(read.lastSeq).toBe(9)
    // Page 2 asked before page 1 decodes, page 3 before page 2 does.
    expect(log.filter((l, i) => l !== log[i - 1])).toEqual(['fetch first', 'fetch c1', 'decode', 'fetch c2', 'decode'])
  })

  it('fails when a page fails, with no unhandled rejection while the page before decodes', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    vi.stubGlobal('document', { hidden: false })
    vi.stubGlobal('fetch', async (url: string) => {
      const before = new URL(url, 'http://x').searchParams.get('before')
      if (before) return new Response(JSON.stringify({ error: { message: 'the server went away' } }), { status: 503 })
      return new Response(JSON.stringify(pages[0]), { status: 200 })
    })
    await expect(fetchLiveIssues(session, 1)).rejects.toThrow(/went away|503/)
    await new Promise((r) => setTimeout(r, 20))
    process.off('unhandledRejection', onUnhandled)
    expect(unhandled).toEqual([])
  })
})
