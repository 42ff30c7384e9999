// The live snapshot held in memory (server/issues/live-snapshot.ts) against the same snapshot read
// from the table (selectLiveIssues), on this run's engine: every room kind, window and page size,
// after reports and transitions (caught up), after more events than it catches up (read again),
// and as its window moves on (finished issues let go).
import { describe, expect, it } from 'vitest'
import { selectLiveIssues } from '../../server/db/queries/issues.js'
import { toIssueSummary } from '../../server/issues/issue-summary.js'
import { createLiveSnapshot, insertNewestFirst, type LiveEntry, type LiveSnapshot } from '../../server/issues/live-snapshot.js'
import { newReport, postJson } from './live-helpers.js'
import { useAppAs } from './test-db.js'

const DAY = 86_400_000
const ctx = useAppAs(['operator', 'worker'])

const report = async (over: Parameters<typeof newReport>[0] = {}) => {
  const res = await postJson(ctx.app.url, '/api/issues', ctx.tokens.worker, newReport(over))
  expect(res.status).toBe(201)
  return res.body.issue as { id: string; streetCode: string; gridCode: string }
}
const act = async (id: string, body: unknown) => expect((await postJson(ctx.app.url, `/api/issues/${id}/transitions`, ctx.tokens.operator, body)).status).toBe(200)

/** Every page of a room's snapshot, from memory and from the table, for each window and page size: the same issues, cursors and seq. */
async function compare(held: LiveSnapshot, now: number, label: string) {
  const [{ street, grid }] = await ctx.db.sql<{ street: string; grid: string }[]>`
    SELECT street_code AS street, grid_code AS grid FROM issues WHERE grid_code IS NOT NULL ORDER BY number DESC LIMIT 1`
  const limits = ctx.app.issues.limits
  const windows = [
    { activeSince: new Date(now - DAY) },
    { activeSince: new Date(now - 7 * DAY) },
    { activeSince: new Date(now - 7 * DAY), finishedBefore: new Date(now - DAY) },
    { activeSince: new Date(now - 60_000) },
  ]
  let compared = 0
  for (const room of ['all', `area:${street}`, `area:${grid}`, 'user:worker', 'area:no-such-area']) {
    for (const w of windows) {
      for (const limit of [3, 20_000]) {
        let before: bigint | undefined
        for (let page = 0; page < 50; page++) {
          const what = `${label}: ${room}, ${JSON.stringify(w)}, limit ${limit}, page ${page}`
          const fromTable = await selectLiveIssues(ctx.db.sql, { room, ...w, limit: limit + 1, beforeNumber: before })
          const fromMemory = await held.read(room, { ...w, limit: limit + 1, beforeNumber: before })
          expect(fromMemory, what).toBeDefined()
          expect(fromMemory!.lastSeq, what).toBe(fromTable.lastSeq)
          expect(fromMemory!.entries.map((e) => [String(e.number), e.summary]), what).toEqual(
            fromTable.rows.map((r) => [r.number, toIssueSummary(r, limits)]),
          )
          compared += fromTable.rows.length
          if (fromTable.rows.length <= limit) break
          before = BigInt(fromTable.rows[limit - 1].number)
        }
      }
    }
  }
  return compared
}

describe('the live snapshot held in memory', () => {
  it('answers as the table does, and catches up after reports and transitions', async () => {
    const first = [await report(), await report({ lon: 109.18, lat: 27.71 }), await report()]
    await act(first[0].id, { action: 'reject', note: '不属实' })
    const held = createLiveSnapshot({ sql: ctx.db.sql, limits: ctx.app.issues.limits })
    expect(await compare(held, Date.now(), 'loaded')).toBeGreaterThan(0)
    // Changes after it was loaded: new issues, one finished, one merged, one accepted.
    const more = [await report(), await report({ lon: 109.185, lat: 27.715 })]
    await act(first[1].id, { action: 'merge', duplicateOf: first[2].id })
    await act(more[0].id, { action: 'accept' })
    const after = await held.read('all', { activeSince: new Date(Date.now() - DAY), limit: 100_000 })
    for (const id of [...first, ...more].map((i) => i.id)) expect(after!.entries.some((e) => e.summary.id === id), id).toBe(true)
    expect(after!.entries.find((e) => e.summary.id === first[1].id)!.summary.status).toBe('merged')
    await compare(held, Date.now(), 'caught up')
  })

  it('reads everything again after more events than it catches up, and lets finished issues go as its window moves on', async () => {
    const held = createLiveSnapshot({ sql: ctx.db.sql, limits: ctx.app.issues.limits, maxCatchUp: 1 })
    await compare(held, Date.now(), 'loaded')
    const a = await report()
    await report()
    await act(a.id, { action: 'reject', note: '不属实' })
    await compare(held, Date.now(), 'read again')
    // Eight days on: the finished issues are older than a 7-day window; the open ones stay.
    const later = Date.now() + 8 * DAY
    const moved = createLiveSnapshot({ sql: ctx.db.sql, limits: ctx.app.issues.limits, clock: () => new Date(later) })
    const open = await moved.read('all', { activeSince: new Date(later - 7 * DAY), limit: 100_000 })
    expect(open!.entries.length).toBeGreaterThan(0)
    expect(open!.entries.every((e) => !e.finished)).toBe(true)
    expect(await compare(moved, later, 'a week on')).toBeGreaterThan(0)
    // A window further back than what is held is not answered from memory.
    expect(await moved.read('all', { activeSince: new Date(later - 8 * DAY), limit: 10 })).toBeUndefined()
  })

  it('gives up on a city larger than it may hold, at its first read or as it grows, and the API then reads the table', async () => {
    const held = createLiveSnapshot({ sql: ctx.db.sql, limits: ctx.app.issues.limits, maxIssues: 1 })
    expect(await held.read('all', { activeSince: new Date(Date.now() - DAY), limit: 10 })).toBeUndefined()
    const [{ n }] = await ctx.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issues WHERE status NOT IN ('closed', 'rejected', 'merged') OR updated_at >= ${new Date(Date.now() - 7 * DAY - 3_600_000)}`
    const growing = createLiveSnapshot({ sql: ctx.db.sql, limits: ctx.app.issues.limits, maxIssues: n + 1 })
    expect(await growing.read('all', { activeSince: new Date(Date.now() - DAY), limit: 10 })).toBeDefined()
    await report()
    await report()
    expect(await growing.read('all', { activeSince: new Date(Date.now() - DAY), limit: 10 })).toBeUndefined()
  })

  it('lets the table answer when a read fails, keeps what it holds, and catches up once the database answers again', async () => {
    let failing = false
    const flaky = new Proxy(ctx.db.sql, {
      get: (target, key, receiver) => (key === 'begin' && failing ? () => Promise.reject(new Error('connection lost')) : Reflect.get(target, key, receiver)),
    })
    const errors: unknown[] = []
    const held = createLiveSnapshot({ sql: flaky, limits: ctx.app.issues.limits, onError: (err) => errors.push(err) })
    await compare(held, Date.now(), 'loaded')
    const a = await report()
    failing = true
    expect(await held.read('all', { activeSince: new Date(Date.now() - DAY), limit: 10 })).toBeUndefined()
    expect(errors.map((e) => (e as Error).message)).toEqual(['connection lost'])
    // The API answers from the table meanwhile.
    const res = await fetch(`${ctx.app.url}/api/issues/live?days=1`, { headers: { Authorization: `Bearer ${ctx.tokens.operator}` } })
    expect(res.status).toBe(200)
    failing = false
    const after = await held.read('all', { activeSince: new Date(Date.now() - DAY), limit: 100_000 })
    expect(after!.entries.some((e) => e.summary.id === a.id)).toBe(true)
    await compare(held, Date.now(), 'after the failure')
  })
})

describe('insertNewestFirst', () => {
  const entry = (number: number) => ({ number, summary: { id: String(number) } }) as unknown as LiveEntry
  it('puts newer issues in front and older ones in their places', () => {
    const sorted = [9, 7, 4, 2].map(entry)
    expect(insertNewestFirst(sorted, [entry(12), entry(10)]).map((e) => e.number)).toEqual([12, 10, 9, 7, 4, 2])
    expect(insertNewestFirst([9, 7, 4, 2].map(entry), [entry(5), entry(11), entry(1), entry(8)]).map((e) => e.number)).toEqual([11, 9, 8, 7, 5, 4, 2, 1])
    expect(insertNewestFirst([], [entry(1), entry(3)]).map((e) => e.number)).toEqual([3, 1])
  })
})
