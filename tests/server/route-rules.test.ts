// Who may read what (issue 15, "planner data and residents' locations need no login"): every route
// the app serves has a rule in this table — the same table as README › Security — and is tried
// without a token and with a grid worker's. A route added without a line here fails the first test.
import { describe, expect, it } from 'vitest'
import { listRoutes } from '../../server/routes/list-routes.js'
import { login } from './live-helpers.js'
import { useServedApp } from './test-db.js'

const served = useServedApp()

type Rule = 'anyone' | 'anyone, more when signed in' | 'signed in' | 'coverage readers' | 'planning roles' | 'Open311 api_key'

/** METHOD path → rule, and a URL to try it at. */
const TABLE: Record<string, { rule: Rule; try: string; body?: unknown }> = {
  'GET /api/health': { rule: 'anyone, more when signed in', try: '/api/health' },
  'GET /api/config': { rule: 'anyone', try: '/api/config' },
  'GET /api/basemap': { rule: 'anyone', try: '/api/basemap' },
  'GET /api/areas': { rule: 'anyone', try: '/api/areas?level=street&geometry=none' },
  'GET /api/areas/:code': { rule: 'anyone, more when signed in', try: '/api/areas/520602007' },
  'GET /api/facility-types': { rule: 'anyone', try: '/api/facility-types' },
  'GET /api/facilities': { rule: 'anyone', try: '/api/facilities' },
  'GET /api/roads': { rule: 'anyone', try: '/api/roads?bbox=109.1,27.7,109.2,27.8' },
  'GET /api/taxonomy': { rule: 'anyone', try: '/api/taxonomy' },
  'POST /api/login': { rule: 'anyone', try: '/api/login', body: {} },
  'GET /tiles/:layer/:z/:x/:file': { rule: 'anyone', try: '/tiles/areas/10/824/421.pbf' },
  'GET /api/me': { rule: 'signed in', try: '/api/me' },
  // Tried last by its own test below: a logout ends the token the other rows use.
  'POST /api/logout': { rule: 'signed in', try: '/api/logout', body: {} },
  'GET /api/issues': { rule: 'signed in', try: '/api/issues' },
  'GET /api/issues/live': { rule: 'signed in', try: '/api/issues/live' },
  'GET /api/issues/figures': { rule: 'signed in', try: '/api/issues/figures' },
  'GET /api/issues/hotspots': { rule: 'signed in', try: '/api/issues/hotspots' },
  'GET /api/issues/evaluation': { rule: 'signed in', try: '/api/issues/evaluation' },
  'GET /api/issues/:id': { rule: 'signed in', try: '/api/issues/00000000-0000-4000-8000-000000000000' },
  'GET /api/issues/:id/assignees': { rule: 'signed in', try: '/api/issues/00000000-0000-4000-8000-000000000000/assignees' },
  'GET /api/photos/:sha256': { rule: 'signed in', try: `/api/photos/${'0'.repeat(64)}` },
  'POST /api/issues': { rule: 'signed in', try: '/api/issues', body: {} },
  'POST /api/issues/:id/transitions': { rule: 'signed in', try: '/api/issues/00000000-0000-4000-8000-000000000000/transitions', body: {} },
  'POST /api/issues/:id/passage': { rule: 'signed in', try: '/api/issues/00000000-0000-4000-8000-000000000000/passage', body: {} },
  'POST /api/wall-tokens': { rule: 'signed in', try: '/api/wall-tokens', body: {} },
  'DELETE /api/wall-tokens/:id': { rule: 'signed in', try: '/api/wall-tokens/00000000-0000-4000-8000-000000000000' },
  'GET /api/coverage': { rule: 'coverage readers', try: '/api/coverage' },
  'GET /api/coverage/inputs': { rule: 'planning roles', try: '/api/coverage/inputs' },
  'GET /api/coverage/export': { rule: 'planning roles', try: '/api/coverage/export' },
  'POST /api/coverage/suggest': { rule: 'planning roles', try: '/api/coverage/suggest', body: { k: 1 } },
  'GET /api/closures': { rule: 'coverage readers', try: '/api/closures' },
  'GET /api/demand-points': { rule: 'planning roles', try: '/api/demand-points?bbox=109.1,27.7,109.2,27.8' },
  'GET /open311/v2/discovery{.:format}': { rule: 'anyone', try: '/open311/v2/discovery.json' },
  'GET /open311/v2/services{.:format}': { rule: 'anyone', try: '/open311/v2/services.json' },
  'GET /open311/v2/services/:file': { rule: 'anyone', try: '/open311/v2/services/municipal.road_works.json' },
  'POST /open311/v2/requests{.:format}': { rule: 'Open311 api_key', try: '/open311/v2/requests.json', body: {} },
  'GET /open311/v2/requests{.:format}': { rule: 'Open311 api_key', try: '/open311/v2/requests.json' },
  'GET /open311/v2/requests/:file': { rule: 'Open311 api_key', try: '/open311/v2/requests/E20261203000001.json' },
  'GET /open311/v2/tokens/:file': { rule: 'Open311 api_key', try: '/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json' },
}
/** The residents' layer of the tiles, the one tile layer that needs the planning roles. */
const DEMAND_TILE = '/tiles/demand-points/10/824/421.pbf'

async function call(key: string, token?: string) {
  const { try: path, body } = TABLE[key]
  const method = key.split(' ')[0]
  const res = await served.anonymous(path, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return res.status
}

describe('route rules', () => {
  it('has a rule for every route the app serves, and no rule for a route it does not', () => {
    expect(listRoutes(served.app.app)).toEqual(Object.keys(TABLE).sort())
  })

  it('answers 401 without a token exactly where a login is needed', async () => {
    for (const [key, { rule }] of Object.entries(TABLE)) {
      const status = await call(key)
      if (rule.startsWith('anyone')) expect(status, key).not.toBe(401)
      // Open311 answers in its own form: 403 without a key.
      else if (rule === 'Open311 api_key') expect(status, key).toBe(403)
      else expect(status, key).toBe(401)
    }
    expect((await served.anonymous(DEMAND_TILE)).status).toBe(401)
  })

  it("keeps the planning data from a grid worker's token, and gives it to the planner's", async () => {
    const worker = await login(served.app.url, 'worker')
    for (const [key, { rule }] of Object.entries(TABLE)) {
      if (key === 'POST /api/logout') continue
      const status = await call(key, worker)
      // A session's token is no Open311 key.
      if (rule === 'planning roles' || rule === 'coverage readers' || rule === 'Open311 api_key') expect(status, key).toBe(403)
      else expect(status, key).not.toBe(401)
    }
    expect((await served.anonymous(DEMAND_TILE, { headers: { Authorization: `Bearer ${worker}` } })).status).toBe(403)
    for (const key of ['GET /api/coverage', 'GET /api/coverage/inputs', 'GET /api/demand-points']) expect(await call(key, served.token), key).toBe(200)
    expect([200, 204]).toContain((await served.fetch(DEMAND_TILE)).status)
  })

  it('tells anyone only that the server is up, and keeps leaders to signed-in users', async () => {
    expect(await (await served.anonymous('/api/health')).json()).toEqual({ ok: true })
    expect(await (await served.fetch('/api/health')).json()).toMatchObject({ ok: true, counts: { areas: expect.any(Number) } })
    const anonymous = (await (await served.anonymous('/api/areas/520602007')).json()) as { properties: Record<string, unknown> }
    expect(anonymous.properties.leader_name).toBeNull()
    expect(anonymous.properties.leader_phone).toBeNull()
    const signedIn = (await (await served.fetch('/api/areas/520602007')).json()) as { properties: Record<string, unknown> }
    expect(signedIn.properties.leader_name).toEqual(expect.any(String))
  })

  it("cuts a street leader's coverage figures to their street", async () => {
    const leader = await login(served.app.url, 'leader-520602007')
    const res = await served.anonymous('/api/coverage?level=community', { headers: { Authorization: `Bearer ${leader}` } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { areas: { features: { properties: { code: string } }[] } }
    expect(body.areas.features.length).toBeGreaterThan(0)
    expect(body.areas.features.every((f) => f.properties.code.startsWith('520602007'))).toBe(true)
  })
})
