// Live closures end to end on the database (both engines): a flooded underpass reported over HTTP
// closes its street in the walk; the `closures` socket event and GET /api/closures say how many
// residents lost their 15-minute walk and where, a street leader sees only their street's, the
// coverage API's network answer leaves the street out (and agrees with those figures to the
// resident), and rejecting the issue gives the street back — all over the live feed, no polling; an
// operator's passage mark on any other open issue does the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import type { ClosuresResponse } from '../../core/wire/closures.js'
import type { CoverageResponse } from '../../core/wire/coverage.js'
import type { IssueDetail, IssueSummary, LiveIssueColumnsResponse, LiveIssuesResponse, ServerToClientEvents } from '../../core/wire/issues.js'
import { decodeIssueColumns } from '../../core/wire/issue-columns.js'
import type { Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { getJson, login, newReport, postJson } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

// The demo's northern underpass beneath the expressway (geodata/roads.geojson, tunnel: yes): the
// only way on foot from the homes north of it to their nearest service points.
const UNDERPASS = { lon: 109.200193, lat: 27.749023 }

let db: Db
let app: ServedApp
let operator: string
let worker: string
let planner: string
beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db)
  ;[operator, worker, planner] = await Promise.all(['operator', 'worker', 'planner'].map((u) => login(app.url, u)))
})
afterAll(async () => {
  await app?.close()
  await db?.close()
})

/** A socket that asks for no issue feed and records every `closures` event. */
function listen(token: string) {
  const socket: Socket<ServerToClientEvents> = io(app.url, { auth: { token, feed: false }, transports: ['websocket'], reconnection: false, forceNew: true })
  const seen: ClosuresResponse[] = []
  const waiters: { test(f: ClosuresResponse): boolean; resolve(f: ClosuresResponse): void }[] = []
  socket.on('closures', (f) => {
    seen.push(f)
    for (const w of waiters.splice(0)) (w.test(f) ? w.resolve(f) : waiters.push(w))
  })
  return {
    socket,
    seen,
    /** The first event (already received or to come) that passes `test`. */
    until(test: (f: ClosuresResponse) => boolean, ms = 20_000): Promise<ClosuresResponse> {
      const found = seen.find(test)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no closures event passed within ${ms} ms; saw ${JSON.stringify(seen.map((f) => f.closures.map((c) => c.id)))}`)), ms)
        waiters.push({ test, resolve: (f) => (clearTimeout(t), resolve(f)) })
      })
    },
    close: () => socket.close(),
  }
}

const coverage = async (query: string) => (await getJson(app.url, `/api/coverage?${query}`, planner)).body as CoverageResponse

describe('live closures', () => {
  it('cuts the homes beyond a flooded underpass off while it is open, says so live, and gives the street back when the issue ends', async () => {
    const live = listen(planner)
    const first = await live.until(() => true)
    expect(first.closures).toEqual([])
    expect(first.total).toMatchObject({ population: 0, points: 0, grids: [] })
    expect(first.parameters).toMatchObject({ minutes: 15, metric: 'network', types: [] })

    // A sanitation report there changes nothing; the flood does.
    expect((await postJson(app.url, '/api/issues', worker, newReport({ ...UNDERPASS }))).status).toBe(201)
    const reported = await postJson(app.url, '/api/issues', worker, newReport({ ...UNDERPASS, category: 'municipal.waterlogging', description: '下穿通道积水封闭' }))
    expect(reported.status).toBe(201)
    const id = reported.body.issue.id as string
    const open = await live.until((f) => f.closures.some((c) => c.id === id))
    expect(open.closures).toHaveLength(1)
    const closure = open.closures[0]
    expect(closure).toMatchObject({ id, subcategory: 'municipal.waterlogging', status: 'reported' })
    expect(closure.edges).toBeGreaterThan(0)
    expect(open.total!.population).toBeGreaterThan(100)
    expect(closure.alone!.population).toBe(open.total!.population)
    expect(open.total!.grids.reduce((n, g) => n + g.population, 0)).toBe(open.total!.population)
    expect(open.total!.grids[0].name).toMatch(/\S/)
    const street = open.total!.grids[0].code.slice(0, 9)

    // The same figures over HTTP, and the coverage API's walk leaves the street out: the
    // residents covered with the closure and without it differ by exactly the closure's count.
    const asked = (await getJson(app.url, '/api/closures', operator)).body as ClosuresResponse
    expect(asked.total).toEqual(open.total)
    const shut = await coverage('level=grid')
    const whole = await coverage('level=grid&closures=none')
    expect(shut.parameters).toMatchObject({ metric: 'network', closures: 'open' })
    expect(shut.closed).toEqual({ closures: 1, edges: closure.edges })
    expect(whole.closed).toEqual({ closures: 0, edges: 0 })
    expect(whole.summary.populationCovered - shut.summary.populationCovered).toBe(open.total!.population)
    // Circles know nothing of streets.
    expect((await coverage('metric=circle')).closed).toBeUndefined()

    // A street leader sees their street's closures and losses; another street's sees none of it.
    const mine = (await getJson(app.url, '/api/closures', await login(app.url, `leader-${street}`))).body as ClosuresResponse
    expect(mine.closures.map((c) => c.id)).toEqual([id])
    const otherStreet = street === '520602007' ? '520602003' : '520602007'
    const theirs = (await getJson(app.url, '/api/closures', await login(app.url, `leader-${otherStreet}`))).body as ClosuresResponse
    expect(theirs.closures).toEqual([])
    expect(theirs.total!.grids.every((g) => g.code.startsWith(otherStreet))).toBe(true)

    // Data imported anew (another process: no event): the next ask measures again, on the new
    // version, and every socket gets the figures too.
    await db.sql`UPDATE data_versions SET version = version + 1 WHERE layer = (SELECT min(layer) FROM data_versions)`
    const again = (await getJson(app.url, '/api/closures', operator)).body as ClosuresResponse
    expect(again.dataVersion).not.toBe(open.dataVersion)
    expect(again.total).toEqual(open.total)
    await live.until((f) => f.dataVersion === again.dataVersion)

    // Accepted, it is still open; rejected, the street is back.
    expect((await postJson(app.url, `/api/issues/${id}/transitions`, operator, { action: 'accept' })).status).toBe(200)
    await live.until((f) => f.closures.some((c) => c.id === id && c.status === 'accepted'))
    expect((await postJson(app.url, `/api/issues/${id}/transitions`, operator, { action: 'reject', note: '已排水，通道恢复通行' })).status).toBe(200)
    const back = await live.until((f) => f.closures.length === 0 && f !== first)
    expect(back.total!.population).toBe(0)
    expect((await coverage('level=grid')).summary.populationCovered).toBe(whole.summary.populationCovered)
    live.close()
  })

  it('closes the way at any open issue an operator marks as blocking passage, keeps its stage, and opens it again when the mark is taken off', async () => {
    const live = listen(planner)
    await live.until(() => true)
    const reported = await postJson(app.url, '/api/issues', worker, newReport({ ...UNDERPASS, category: 'municipal.manhole', description: '井盖缺失，通道已拉警戒线' }))
    expect(reported.status).toBe(201)
    const before = reported.body.issue as IssueSummary
    expect(before.blocksPassage).toBeUndefined()
    const mark = (token: string, body: unknown) => postJson(app.url, `/api/issues/${before.id}/passage`, token, body)

    // Only those who watch and handle issues may mark; a mark must say which way.
    expect((await mark(worker, { blocksPassage: true })).status).toBe(403)
    expect((await mark(planner, { blocksPassage: true })).status).toBe(403)
    const malformed = await mark(operator, { blocksPassage: 'yes' })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.message).toMatch(/blocksPassage/)
    expect((await postJson(app.url, `/api/issues/${crypto.randomUUID()}/passage`, operator, { blocksPassage: true })).status).toBe(404)

    const marked = await mark(operator, { blocksPassage: true, note: '警戒线封闭通道' })
    expect(marked.status).toBe(200)
    const after = marked.body.issue as IssueSummary
    expect(after).toMatchObject({ blocksPassage: true, status: before.status, stageStartedAt: before.stageStartedAt, dueAt: before.dueAt })
    expect(after.seq).toBeGreaterThan(before.seq)
    const open = await live.until((f) => f.closures.some((c) => c.id === before.id))
    expect(open.closures.find((c) => c.id === before.id)).toMatchObject({ subcategory: 'municipal.manhole', status: 'reported' })
    expect(open.total!.population).toBeGreaterThan(100)
    expect((await mark(operator, { blocksPassage: true })).status).toBe(409)

    // The log says who marked it and why; the mark is no step of the lifecycle.
    const detail = (await getJson(app.url, `/api/issues/${before.id}`, operator)).body as IssueDetail
    expect(detail.issue.blocksPassage).toBe(true)
    expect(detail.events.at(-1)).toMatchObject({ type: 'passage', fromStatus: 'reported', toStatus: 'reported', actor: 'operator', note: '警戒线封闭通道', data: { blocksPassage: true } })
    expect(detail.allowedActions).toContain('accept')
    // The live snapshot carries the mark, as objects and as columns.
    const snapshot = (await getJson(app.url, '/api/issues/live', operator)).body as LiveIssuesResponse
    expect(snapshot.issues.find((i) => i.id === before.id)?.blocksPassage).toBe(true)
    const columns = (await getJson(app.url, '/api/issues/live?format=columns', operator)).body as LiveIssueColumnsResponse
    expect(decodeIssueColumns(columns.columns).find((i) => i.id === before.id)?.blocksPassage).toBe(true)

    // A step of the lifecycle keeps the mark; taking it off gives the street back.
    const accepted = await postJson(app.url, `/api/issues/${before.id}/transitions`, operator, { action: 'accept' })
    expect(accepted.body.issue).toMatchObject({ status: 'accepted', blocksPassage: true })
    await live.until((f) => f.closures.some((c) => c.id === before.id && c.status === 'accepted'))
    const unmarked = await mark(operator, { blocksPassage: false, note: '警戒线已撤' })
    expect(unmarked.status).toBe(200)
    expect(unmarked.body.issue.blocksPassage).toBeUndefined()
    await live.until((f) => !f.closures.some((c) => c.id === before.id) && f.total!.population === 0)
    expect((await mark(operator, { blocksPassage: false })).status).toBe(409)

    // Marked again, then finished: the mark ends with the issue, and a finished issue takes no mark.
    expect((await mark(operator, { blocksPassage: true })).status).toBe(200)
    await live.until((f) => f.closures.some((c) => c.id === before.id))
    expect((await postJson(app.url, `/api/issues/${before.id}/transitions`, operator, { action: 'reject', note: '已处置' })).status).toBe(200)
    await live.until((f) => !f.closures.some((c) => c.id === before.id) && f.total!.population === 0)
    const finished = await mark(operator, { blocksPassage: false })
    expect(finished.status).toBe(409)
    expect(finished.body.error.message).toMatch(/rejected/)

    // A closing kind blocks passage by its kind: no mark to set.
    const flood = await postJson(app.url, '/api/issues', worker, newReport({ ...UNDERPASS, category: 'municipal.waterlogging' }))
    const byKind = await postJson(app.url, `/api/issues/${flood.body.issue.id}/passage`, operator, { blocksPassage: true })
    expect(byKind.status).toBe(409)
    expect(byKind.body.error.message).toMatch(/by its kind/)
    expect((await postJson(app.url, `/api/issues/${flood.body.issue.id}/transitions`, operator, { action: 'reject', note: 'test' })).status).toBe(200)
    live.close()
  })

  it('sends no closures to a grid worker and refuses a malformed feed flag', async () => {
    const live = listen(worker)
    await new Promise<void>((resolve) => live.socket.once('connect', resolve))
    await new Promise((r) => setTimeout(r, 300))
    expect(live.seen).toEqual([])
    live.close()
    expect((await getJson(app.url, '/api/closures', worker)).status).toBe(403)
    const refused = io(app.url, { auth: { token: planner, feed: 'no' }, transports: ['websocket'], reconnection: false, forceNew: true })
    const message = await new Promise<string>((resolve) => refused.once('connect_error', (err) => resolve(err.message)))
    refused.close()
    expect(message).toMatch(/feed must be true or false/)
  })
})
