// The wall's remote control over a real Socket.IO server (/wall namespace): a remote's command
// reaches the screens of its own wall only, checked first (a bad one is refused with the reason
// and reaches no screen); a screen's state reaches the wall's remotes; a remote joining asks the
// screens for their state; remotes hear how many screens are on; tokens are required, and a
// revoked wall token ends its sockets. Also the area figures and the wall's longer snapshot.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import type { WallCommandAck, WallState } from '../../core/wire/wall.js'
import type { Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { getJson, login, newReport, postJson, withTwoServers } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

let db: Db
let app: ServedApp
let operator: string
let worker: string
const sockets: Socket[] = []

beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db)
  operator = await login(app.url, 'operator')
  worker = await login(app.url, 'worker')
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await app?.close()
  await db.close()
})

async function wallToken(area = '520602002'): Promise<{ id: string; token: string }> {
  const res = await postJson(app.url, '/api/wall-tokens', operator, { label: 'test wall', area })
  expect(res.status).toBe(201)
  return res.body as { id: string; token: string }
}

function connect(token: string, as: 'screen' | 'remote' | 'other', url = app.url): Promise<Socket> {
  const socket = io(`${url}/wall`, { auth: { token, as }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** Everything an event brings within `ms`. */
function collect<T>(socket: Socket, event: string, ms = 400): Promise<T[]> {
  const got: T[] = []
  socket.on(event, (x: T) => got.push(x))
  return new Promise((resolve) => setTimeout(() => resolve(got), ms))
}

const command = (remote: Socket, c: unknown) => new Promise<WallCommandAck>((resolve) => remote.emit('wall:command', c, resolve))

const state = (area: string): WallState => ({
  area,
  chain: [{ code: area, name: '环北街道' }],
  children: [],
  window: '7d',
  level: 'hex',
  autopilot: true,
  mode: 'tour',
  hotspots: [{ key: '8940e2ee8dbffff', label: '北门社区第3网格', gridCode: null, score: 8, emerging: false }],
  issues: [],
  hotspot: 0,
  issueId: null,
  at: new Date().toISOString(),
})

describe('the /wall namespace', () => {
  it("carries a remote's command to its own wall's screens only, acknowledged with their number", async () => {
    const a = await wallToken()
    const b = await wallToken()
    const screenA1 = await connect(a.token, 'screen')
    const screenA2 = await connect(a.token, 'screen')
    const screenB = await connect(b.token, 'screen')
    const remoteA = await connect(a.token, 'remote')
    const [gotA1, gotA2, gotB, gotRemote] = [collect(screenA1, 'wall:command'), collect(screenA2, 'wall:command'), collect(screenB, 'wall:command'), collect(remoteA, 'wall:command')]
    const ack = await command(remoteA, { type: 'drill', area: '520602002001' })
    expect(ack).toEqual({ ok: true, screens: 2 })
    expect(await gotA1).toEqual([{ type: 'drill', area: '520602002001' }])
    expect(await gotA2).toEqual([{ type: 'drill', area: '520602002001' }])
    expect(await gotB).toEqual([])
    expect(await gotRemote).toEqual([])
  })

  it('refuses a malformed command with the reason, and no screen sees it', async () => {
    const a = await wallToken()
    const screen = await connect(a.token, 'screen')
    const remote = await connect(a.token, 'remote')
    const got = collect(screen, 'wall:command')
    for (const bad of [{ type: 'drill' }, { type: 'drill', area: "x'; DROP TABLE areas" }, { type: 'window', window: '1y' }, { type: 'hotspot', index: 99 }, { type: 'explode' }, 'drill', null]) {
      const ack = await command(remote, bad)
      expect(ack.ok, JSON.stringify(bad)).toBe(false)
      if (!ack.ok) expect(ack.error.length).toBeGreaterThan(0)
    }
    expect((await command(remote, { type: 'window', window: '1y' })) as { error: string }).toMatchObject({ error: expect.stringContaining('window') })
    expect(await got).toEqual([])
  })

  it("refuses a drill outside the wall's own area (issue 15), and carries one inside it", async () => {
    const a = await wallToken('520602002')
    const screen = await connect(a.token, 'screen')
    const remote = await connect(a.token, 'remote')
    const got = collect(screen, 'wall:command')
    const outside = await command(remote, { type: 'drill', area: '520602007' })
    expect(outside).toMatchObject({ ok: false, error: expect.stringContaining("outside this wall's area") })
    expect(await command(remote, { type: 'drill', area: '520602002001' })).toMatchObject({ ok: true })
    expect(await got).toEqual([{ type: 'drill', area: '520602002001' }])
  })

  it("sends a screen's state to the wall's remotes, and a joining remote asks the screens for it", async () => {
    const a = await wallToken()
    const screen = await connect(a.token, 'screen')
    const syncs = collect(screen, 'wall:sync', 600)
    const remote = await connect(a.token, 'remote')
    expect((await syncs).length).toBe(1)
    const states = collect<WallState>(remote, 'wall:state')
    const otherScreen = await connect(a.token, 'screen')
    const notToScreens = collect(otherScreen, 'wall:state')
    screen.emit('wall:state', state('520602002'))
    expect((await states).map((s) => s.area)).toEqual(['520602002'])
    expect(await notToScreens).toEqual([])
  })

  it('tells remotes how many screens show the wall, as they come and go', async () => {
    const a = await wallToken()
    const remote = await connect(a.token, 'remote')
    const counts = collect<number>(remote, 'wall:screens', 800)
    const screen = await connect(a.token, 'screen')
    await new Promise((r) => setTimeout(r, 200))
    screen.close()
    expect(await counts).toEqual([1, 0])
  })

  it('refuses a missing or bad token and a bad role, and ends the sockets of a revoked wall token', async () => {
    await expect(connect('', 'screen')).rejects.toThrow(/unauthorized/)
    await expect(connect('not-a-token', 'remote')).rejects.toThrow(/unauthorized/)
    const a = await wallToken()
    await expect(connect(a.token, 'other')).rejects.toThrow(/as must be/)
    const screen = await connect(a.token, 'screen')
    const remote = await connect(a.token, 'remote')
    const ended = Promise.all([screen, remote].map((s) => new Promise((resolve) => s.once('disconnect', resolve))))
    const res = await fetch(`${app.url}/api/wall-tokens/${a.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${operator}` } })
    expect(res.status).toBe(204)
    expect(await ended).toEqual(['io server disconnect', 'io server disconnect'])
    await expect(connect(a.token, 'screen')).rejects.toThrow(/revoked/)
  })

  it("lets a signed-in user drive their own wall, not another user's", async () => {
    const leader = await login(app.url, 'leader-520602002')
    const screen = await connect(leader, 'screen')
    const otherScreen = await connect(await login(app.url, 'leader-520602007'), 'screen')
    const remote = await connect(leader, 'remote')
    const [mine, theirs] = [collect(screen, 'wall:command'), collect(otherScreen, 'wall:command')]
    expect(await command(remote, { type: 'home' })).toEqual({ ok: true, screens: 1 })
    expect(await mine).toEqual([{ type: 'home' }])
    expect(await theirs).toEqual([])
  })
})

describe.runIf(inject('dbEngine') === 'server')('a wall whose remote and screen are on two server processes', () => {
  it("carries the remote's command and the screen's state between them (Postgres adapter)", async () => {
    await withTwoServers(inject('databaseUrl'), async (a, b) => {
      const wall = await wallToken()
      const screen = await connect(wall.token, 'screen', a.url)
      const remote = await connect(wall.token, 'remote', b.url)
      // The adapter counts another process's sockets once their heartbeats have met (a few seconds after
      // a process starts): wait until b sees a's screen beside its own remote.
      for (const until = Date.now() + 15_000; (await b.io.of('/wall').fetchSockets()).length < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 250))
      const commands = collect(screen, 'wall:command', 1500)
      const states = collect<WallState>(remote, 'wall:state', 1500)
      await new Promise((r) => setTimeout(r, 300))
      expect(await command(remote, { type: 'window', window: '30d' })).toEqual({ ok: true, screens: 1 })
      screen.emit('wall:state', state('520602002'))
      expect(await commands).toEqual([{ type: 'window', window: '30d' }])
      expect((await states).map((x) => x.area)).toEqual(['520602002'])
      screen.close()
      remote.close()
    })
  })
})

describe("the wall's reads", () => {
  it('gives the figures of one area of the scope, and nothing of an area outside it', async () => {
    // Two reports in 锦江街道 (the helper's default place), one elsewhere in the district.
    for (const r of [newReport(), newReport()]) expect((await postJson(app.url, '/api/issues', worker, r)).status).toBe(201)
    const district = await getJson(app.url, '/api/issues/figures', operator)
    const jinjiang = await getJson(app.url, '/api/issues/figures?area=520602007', operator)
    expect(jinjiang.status).toBe(200)
    const street = (district.body as { byStreet: { street: string; open: number; reported: number }[] }).byStreet.find((s) => s.street === '520602007')!
    expect(jinjiang.body.total.open).toBe(street.open)
    expect(jinjiang.body.total.reported).toBe(street.reported)
    expect(jinjiang.body.byStreet.map((s: { street: string }) => s.street)).toEqual(['520602007'])
    // A leader of 环北 asking for 锦江 sees none of it.
    const leader = await login(app.url, 'leader-520602002')
    const outside = await getJson(app.url, '/api/issues/figures?area=520602007', leader)
    expect(outside.body.total.open).toBe(0)
    expect((await getJson(app.url, '/api/issues/figures?area=bad%20code', operator)).status).toBe(400)
  })

  it('reads a snapshot of up to 62 days (a 30-day window and the one before), no more', async () => {
    expect((await getJson(app.url, '/api/issues/live?days=62', operator)).status).toBe(200)
    const res = await getJson(app.url, '/api/issues/live?days=63', operator)
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('days')
  })
})
