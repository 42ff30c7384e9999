// The live-issues REST API against the real database: login and tokens, intake (placement,
// CRS, duplicates, idempotency, photos), the lifecycle with roles, scoped reads, bad input.
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import type { IssueDetail, IssueSummary } from '../../core/wire/issues.js'
import type { Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { createAreaChains } from '../../server/issues/area-chains.js'
import { getJson, login, newReport, postJson } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

let db: Db
let app: ServedApp
const tokens: Record<string, string> = {}
beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db, { loginAttempts: 5 })
  for (const u of ['operator', 'worker', 'admin', 'planner', 'leader-520602007', 'leader-520602002']) tokens[u] = await login(app.url, u)
})
afterAll(async () => {
  // Failed logins are kept in the database now: leave none for the other test files.
  await db.sql`DELETE FROM login_failures`
  await app.close()
  await db.close()
})

const report = async (token: string, body: unknown) => postJson(app.url, '/api/issues', token, body)
const act = async (token: string, id: string, body: unknown) => postJson(app.url, `/api/issues/${id}/transitions`, token, body)

/** A point in 锦江街道 (520602007) and one in 环北街道 (520602002), from the areas table. */
async function pointIn(street: string): Promise<{ lon: number; lat: number; grid: string }> {
  const [row] = await db.sql<{ lon: number; lat: number; grid: string }[]>`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat, code AS grid FROM (
      SELECT code, ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE ${street + '%'} ORDER BY code LIMIT 1) t`
  return row
}

describe('POST /api/login', () => {
  it('returns a token and the user with role and area', async () => {
    const { status, body } = await postJson(app.url, '/api/login', undefined, { username: 'leader-520602002', password: 'gridpulse-test' })
    expect(status).toBe(200)
    expect(body.user).toMatchObject({ username: 'leader-520602002', role: 'street_leader', area: '520602002' })
    expect(body.token.split('.')).toHaveLength(3)
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now())
  })

  it('refuses a wrong password with 401, then rate-limits that username', async () => {
    const attempt = () => postJson(app.url, '/api/login', undefined, { username: 'planner', password: 'wrong-password' })
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401)
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(limited.body.error.message).toMatch(/too many failed logins/)
  })

  it('refuses forged, expired and missing tokens', async () => {
    const forged = await new SignJWT({ role: 'admin', area: '520602' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('gridpulse')
      .setSubject('admin')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'))
    expect((await getJson(app.url, '/api/issues', forged)).status).toBe(401)
    const expired = await app.auth.signer.sign(
      { username: 'operator', displayName: 'x', role: 'operator', area: '520602' },
      new Date(Date.now() - 1000),
    )
    const res = await getJson(app.url, '/api/issues', expired)
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(/expired/)
    expect((await fetch(`${app.url}/api/issues`)).status).toBe(401)
  })
})

describe('GET /api/taxonomy', () => {
  it('lists 8 categories with bilingual sub-categories and the four colours', async () => {
    const body = await (await fetch(`${app.url}/api/taxonomy`)).json()
    expect(body.categories).toHaveLength(8)
    for (const c of body.categories) {
      expect(c.subcategories.length).toBeGreaterThanOrEqual(3)
      expect(c.name && c.nameEn).toBeTruthy()
    }
    expect(body.colours.map((c: { code: string }) => c.code)).toEqual(['red', 'orange', 'yellow', 'blue'])
  })
})

describe('POST /api/issues', () => {
  it("files every area's reports under the ancestors the database's hierarchy gives it (walked up in memory)", async () => {
    const chains = createAreaChains(db.sql)
    const [{ version }] = await db.sql<{ version: string }[]>`SELECT version::text FROM data_versions WHERE layer = 'areas'`
    // The parents walked in SQL, as the placement statement did before.
    const expected = await db.sql<{ code: string; grid: string | null; community: string | null; street: string | null; district: string | null }[]>`
      WITH RECURSIVE up AS (
        SELECT code AS lowest, code, parent_code, level, 0 AS step FROM areas
        UNION ALL
        SELECT up.lowest, a.code, a.parent_code, a.level, up.step + 1 FROM up JOIN areas a ON a.code = up.parent_code WHERE up.step < 4
      )
      SELECT lowest AS code, max(code) FILTER (WHERE level = 'grid') AS grid, max(code) FILTER (WHERE level = 'community') AS community,
        max(code) FILTER (WHERE level = 'street') AS street, max(code) FILTER (WHERE level = 'district') AS district
      FROM up GROUP BY lowest`
    expect(expected.length).toBeGreaterThan(100)
    for (const e of expected) {
      expect(await chains.chainOf(e.code, version)).toEqual({ gridCode: e.grid, communityCode: e.community, streetCode: e.street, districtCode: e.district })
    }
  })

  it('files a report under the hierarchy as it stands after the areas change (another community)', async () => {
    const p = await pointIn('520602007')
    const community = p.grid.split('-')[0]
    const [other] = await db.sql<{ code: string }[]>`SELECT code FROM areas WHERE level = 'community' AND code <> ${community} ORDER BY code LIMIT 1`
    expect((await report(tokens.worker, newReport({ lon: p.lon, lat: p.lat }))).body.issue.communityCode).toBe(community)
    await db.sql`UPDATE areas SET parent_code = ${other.code} WHERE code = ${p.grid}`
    try {
      const { status, body } = await report(tokens.worker, newReport({ lon: p.lon, lat: p.lat }))
      expect(status).toBe(201)
      expect(body.issue).toMatchObject({ gridCode: p.grid, communityCode: other.code, streetCode: other.code.slice(0, 9) })
    } finally {
      await db.sql`UPDATE areas SET parent_code = ${community} WHERE code = ${p.grid}`
    }
    expect((await report(tokens.worker, newReport({ lon: p.lon, lat: p.lat }))).body.issue.communityCode).toBe(community)
  })

  it('places the report in its grid, community and street, triages it and starts its timeline', async () => {
    const p = await pointIn('520602007')
    const body = newReport({ lon: p.lon, lat: p.lat, category: 'fire_work_safety.fire_hazard' })
    const { status, body: res } = await report(tokens.worker, body)
    expect(status).toBe(201)
    const issue: IssueSummary = res.issue
    expect(issue).toMatchObject({ id: body.id, status: 'reported', gridCode: p.grid, streetCode: '520602007', districtCode: '520602', outOfArea: false })
    expect(issue.areaCode).toBe(p.grid)
    expect(issue.communityCode).toBe(p.grid.split('-')[0])
    expect(issue.code).toMatch(/^E\d{8}\d{6}$/)
    expect(issue.colour).toBe('red')
    expect(issue.seq).toBeGreaterThan(0)
    expect(issue.dueAt).not.toBeNull()
    const detail: IssueDetail = (await getJson(app.url, `/api/issues/${body.id}`, tokens.operator)).body
    expect(detail.events).toEqual([expect.objectContaining({ seq: issue.seq, type: 'report', toStatus: 'reported', actor: 'worker' })])
  })

  it('logs the report as the issue it returned, with the rooms of core/domain/issue-scope (in, and out of, the area)', async () => {
    const p = await pointIn('520602002')
    for (const at of [p, { lon: 108.5, lat: 27.2 }]) {
      const { body: res } = await report(tokens.worker, newReport({ lon: at.lon, lat: at.lat }))
      const issue: IssueSummary = res.issue
      const [logged] = await db.sql<{ issue: IssueSummary; rooms: string[] }[]>`SELECT issue, rooms FROM issue_events WHERE seq = ${issue.seq}`
      expect(logged.issue).toEqual(issue)
      expect(logged.rooms).toEqual(getIssueRooms(issue))
      const detail: IssueDetail = (await getJson(app.url, `/api/issues/${issue.id}`, tokens.operator)).body
      expect(detail.issue).toEqual(issue)
    }
  })

  it('converts GCJ-02 to WGS-84 and keeps the raw pair', async () => {
    const body = newReport({ lon: 109.1952, lat: 27.7147, crs: 'gcj02' })
    const { body: res } = await report(tokens.worker, body)
    expect(res.issue.raw).toEqual({ lon: 109.1952, lat: 27.7147, crs: 'gcj02' })
    // GCJ-02 is offset a few hundred metres from WGS-84 in China.
    const [{ d }] = await db.sql<{ d: number }[]>`
      SELECT ST_Distance(ST_SetSRID(ST_MakePoint(${res.issue.lon}, ${res.issue.lat}), 4326)::geography,
                         ST_SetSRID(ST_MakePoint(109.1952, 27.7147), 4326)::geography) AS d`
    expect(d).toBeGreaterThan(200)
    expect(d).toBeLessThan(800)
  })

  it('keeps a point outside the district and flags it', async () => {
    const { status, body } = await report(tokens.worker, newReport({ lon: 108.5, lat: 27.2 }))
    expect(status).toBe(201)
    expect(body.issue).toMatchObject({ outOfArea: true, areaCode: null, streetCode: null })
  })

  it('links a report of the same sub-category within 50 m and 24 h as a possible duplicate', async () => {
    // A spot of its own on every run, so reports of earlier runs on a kept database are not near.
    const lon = 109.17 + Math.random() * 0.04
    const lat = 27.70 + Math.random() * 0.04
    const post = async (category: string, dLon: number, dLat: number) =>
      (await report(tokens.worker, newReport({ category, lon: lon + dLon, lat: lat + dLat }))).body.issue
    const first = await post('municipal.streetlight', 0, 0)
    const near = await post('municipal.streetlight', 0.0002, 0.0001) // about 22 m
    const far = await post('municipal.streetlight', 0.003, 0) // about 300 m
    const other = await post('municipal.road_damage', 0, 0)
    expect(near.possibleDuplicateOf).toBe(first.id)
    expect(far.possibleDuplicateOf).toBeNull()
    expect(other.possibleDuplicateOf).toBeNull()
  })

  it('answers a repeat with the same issue and creates nothing; another body with that id is a 409', async () => {
    const body = newReport()
    const first = await report(tokens.worker, body)
    const again = await report(tokens.worker, body)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body.issue).toEqual(first.body.issue)
    const changed = await report(tokens.worker, { ...body, description: '另一件事' })
    expect(changed.status).toBe(409)
    expect(changed.body.error.field).toBe('id')
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issue_events WHERE issue_id = ${body.id}`
    expect(n).toBe(1)
  })

  it('takes photos as multipart parts, stored once by hash and served only to those who may see the issue', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    const body = newReport()
    const form = new FormData()
    form.append('issue', JSON.stringify(body))
    form.append('photos', new Blob([png], { type: 'image/png' }), 'a.png')
    const res = await fetch(`${app.url}/api/issues`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.worker}` }, body: form })
    expect(res.status).toBe(201)
    expect((await res.json()).issue.photoCount).toBe(1)
    const detail: IssueDetail = (await getJson(app.url, `/api/issues/${body.id}`, tokens.operator)).body
    expect(detail.photos).toHaveLength(1)
    const photo = await fetch(app.url + detail.photos[0].url, { headers: { Authorization: `Bearer ${tokens.operator}` } })
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await photo.arrayBuffer()).equals(png)).toBe(true)
    // The report lies in 锦江街道: 环北街道's leader may not see it or its photo.
    const hidden = await fetch(app.url + detail.photos[0].url, { headers: { Authorization: `Bearer ${tokens['leader-520602002']}` } })
    expect(hidden.status).toBe(404)
    expect((await fetch(app.url + detail.photos[0].url)).status).toBe(401)
    // The count on the issue's row (migration 0016) follows the links a transition adds: the same
    // photo again is one link, a new one another.
    const second = Buffer.concat([png, Buffer.from('second')])
    const accept = new FormData()
    accept.append('transition', JSON.stringify({ action: 'accept' }))
    accept.append('photos', new Blob([png], { type: 'image/png' }), 'a.png')
    accept.append('photos', new Blob([new Uint8Array(second)], { type: 'image/png' }), 'b.png')
    const accepted = await fetch(`${app.url}/api/issues/${body.id}/transitions`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.operator}` }, body: accept })
    expect(accepted.status).toBe(200)
    expect((await accepted.json()).issue.photoCount).toBe(2)
    const again: IssueDetail = (await getJson(app.url, `/api/issues/${body.id}`, tokens.operator)).body
    expect(again.photos).toHaveLength(2)
    expect(again.issue.photoCount).toBe(2)
  })

  it('keeps no photo of a refused report or transition (issue 15: "photos of a refused report are kept for good")', async () => {
    const photo = (seed: number) => {
      // A 1×1 PNG with bytes appended, so each call's photo has a hash of its own (the type is read from the first bytes).
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
      return Buffer.concat([png, Buffer.from(String(seed))])
    }
    const send = (path: string, token: string, part: string, json: unknown, bytes: Buffer) => {
      const form = new FormData()
      form.append(part, JSON.stringify(json))
      form.append('photos', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'p.png')
      return fetch(`${app.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })
    }
    const stored = async (bytes: Buffer) => {
      const hash = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')
      return (await db.sql`SELECT 1 FROM photos WHERE sha256 = ${hash}`).length
    }
    const body = newReport()
    expect((await report(tokens.worker, body)).status).toBe(201)
    // The same id with another body and a new photo: 409, and the photo is not kept.
    const refused = photo(Date.now())
    expect((await send('/api/issues', tokens.worker, 'issue', { ...body, description: '另一件事' }, refused)).status).toBe(409)
    expect(await stored(refused)).toBe(0)
    // A transition the lifecycle refuses (a worker may not accept): its photo is not kept either.
    const refusedToo = photo(Date.now() + 1)
    expect((await send(`/api/issues/${body.id}/transitions`, tokens.worker, 'transition', { action: 'accept' }, refusedToo)).status).toBe(409)
    expect(await stored(refusedToo)).toBe(0)
    // An accepted report keeps its photo.
    const kept = photo(Date.now() + 2)
    expect((await send('/api/issues', tokens.worker, 'issue', newReport(), kept)).status).toBe(201)
    expect(await stored(kept)).toBe(1)
  })

  it('sweeps at start the photos a crashed request left linked to nothing, and only old ones', async () => {
    const { sweepUnlinkedPhotos } = await import('../../server/db/queries/photos.js')
    const old = 'a'.repeat(64)
    const young = 'b'.repeat(64)
    await db.sql`INSERT INTO photos (sha256, mime, bytes, data, created_at) VALUES (${old}, 'image/png', 1, ${Buffer.from('x')}, now() - interval '2 hours'), (${young}, 'image/png', 1, ${Buffer.from('y')}, now())`
    expect(await sweepUnlinkedPhotos(db.sql)).toBeGreaterThanOrEqual(1)
    expect(await db.sql`SELECT sha256 FROM photos WHERE sha256 IN (${old}, ${young})`).toEqual([{ sha256: young }])
    await db.sql`DELETE FROM photos WHERE sha256 = ${young}`
  })

  it('refuses a fourth photo, an oversized one and one that is not an image', async () => {
    const send = async (files: Blob[]) => {
      const form = new FormData()
      form.append('issue', JSON.stringify(newReport()))
      for (const f of files) form.append('photos', f, 'p.jpg')
      const res = await fetch(`${app.url}/api/issues`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.worker}` }, body: form })
      return { status: res.status, body: await res.json() }
    }
    const jpeg = (bytes: number) => new Blob([Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes)])])
    expect(await send([jpeg(10), jpeg(10), jpeg(10), jpeg(10)])).toMatchObject({ status: 400, body: { error: { field: 'photos' } } })
    expect(await send([jpeg(5 * 1024 * 1024)])).toMatchObject({ status: 413, body: { error: { field: 'photos' } } })
    expect(await send([new Blob(['<script>alert(1)</script> not an image'])])).toMatchObject({ status: 415, body: { error: { field: 'photos' } } })
    // The first bytes alone do not make a photo (issue 15: a text file starting "GIF89a" was taken): its header must decode to a sane size.
    const fakeGif = await send([new Blob(['GIF89a this is a text file, not a picture'])])
    expect(fakeGif).toMatchObject({ status: 415, body: { error: { field: 'photos' } } })
    expect(fakeGif.body.error.message).toMatch(/pixels|readable/)
    expect(await send([jpeg(10)])).toMatchObject({ status: 415, body: { error: { message: expect.stringMatching(/not a readable image/) } } })
  })

  it.each([
    ['malformed JSON', '{"id": ', 400, undefined],
    ['a missing category', { ...newReport(), category: undefined }, 400, 'category'],
    ['an unknown category', newReport({ category: 'sanitation.dragons' }), 400, 'category'],
    ['longitude 181', newReport({ lon: 181 }), 400, 'lon'],
    ['a string latitude', { ...newReport(), lat: 'NaN' }, 400, 'lat'],
    ['an empty description', newReport({ description: '   ' }), 400, 'description'],
    ['an id that is not a UUID', newReport({ id: 'issue-1' }), 400, 'id'],
    ['an unknown crs', { ...newReport(), crs: 'epsg3857' }, 400, 'crs'],
    ['a too long description', newReport({ description: '长'.repeat(2001) }), 400, 'description'],
  ])('answers %s with %s naming the field', async (_label, body, status, field) => {
    const res = await report(tokens.worker, body)
    expect(res.status).toBe(status)
    if (field) expect(res.body.error.field).toBe(field)
    expect(res.body.error.message).toBeTruthy()
  })

  it('answers a body over the limit with 413', async () => {
    const res = await report(tokens.worker, { ...newReport(), padding: 'x'.repeat(1_100_000) })
    expect(res.status).toBe(413)
  })

  it('stores SQL and HTML verbatim', async () => {
    const text = `'); DROP TABLE issues; -- <img src=x onerror=alert(1)> <script>alert("x")</script>`
    const body = newReport({ description: text })
    expect((await report(tokens.worker, body)).status).toBe(201)
    const detail = (await getJson(app.url, `/api/issues/${body.id}`, tokens.operator)).body
    expect(detail.issue.description).toBe(text)
    expect(detail.issue.description).toContain('<script>')
  })

  it('lets neither a planner nor a wall token report', async () => {
    expect((await report(tokens.planner, newReport())).status).toBe(403)
  })
})

describe('POST /api/issues/:id/transitions', () => {
  it('walks the whole lifecycle with the right roles, each step an event', async () => {
    const body = newReport()
    const { body: created } = await report(tokens.worker, body)
    const id = created.issue.id
    const steps: [string, Record<string, unknown>, string][] = [
      ['operator', { action: 'accept' }, 'accepted'],
      ['operator', { action: 'dispatch', assignee: 'leader-520602007' }, 'dispatched'],
      ['leader-520602007', { action: 'resolve', note: '已清运' }, 'resolved'],
    ]
    let lastSeq = created.issue.seq
    for (const [user, req, status] of steps) {
      const res = await act(tokens[user], id, req)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.issue.status).toBe(status)
      expect(res.body.issue.seq).toBeGreaterThan(lastSeq)
      lastSeq = res.body.issue.seq
    }
    // The reporter's on-site check needs a photo.
    expect((await act(tokens.worker, id, { action: 'verify', note: '现场已清理' })).body.error.field).toBe('photos')
    const form = new FormData()
    form.append('transition', JSON.stringify({ action: 'verify', note: '现场已清理' }))
    form.append('photos', new Blob([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')]), 'after.jpg')
    const verified = await fetch(`${app.url}/api/issues/${id}/transitions`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.worker}` }, body: form })
    expect(verified.status).toBe(200)
    for (const [req, status] of [
      [{ action: 'reply', note: '已答复群众' }, 'replied'],
      [{ action: 'rate', rating: 5 }, 'rated'],
      [{ action: 'close' }, 'closed'],
    ] as const) {
      expect((await act(tokens.operator, id, req)).body.issue.status).toBe(status)
    }
    const detail: IssueDetail = (await getJson(app.url, `/api/issues/${id}`, tokens.operator)).body
    expect(detail.events.map((e) => e.type)).toEqual(['report', 'accept', 'dispatch', 'resolve', 'verify', 'reply', 'rate', 'close'])
    expect(detail.issue).toMatchObject({ status: 'closed', rating: 5, assignee: 'leader-520602007', dueAt: null })
    expect(detail.allowedActions).toEqual([])
  })

  it('keeps duties apart (issue 15): a fix is not checked by its handler, and a dispatch goes only to who may handle it', async () => {
    const p = await pointIn('520602007')
    const { body } = await report(tokens.worker, newReport({ lon: p.lon, lat: p.lat }))
    const id = body.issue.id
    await act(tokens.operator, id, { action: 'accept' })
    // Who may take it: the grid's worker first, then the street's leader, then the district-wide handlers.
    const { body: offered } = await getJson(app.url, `/api/issues/${id}/assignees`, tokens.operator)
    const names = (offered.assignees as { username: string; role: string }[]).map((a) => a.username)
    expect(names[0]).toBe('worker')
    expect(names).toContain('leader-520602007')
    expect(names).not.toContain('leader-520602002')
    expect(names).not.toContain('planner')
    // And the departments, from a list (issue 16), those answering for the category first.
    const departments = (offered.departments as { name: string; nameEn: string }[]).map((d) => d.name)
    expect(departments[0]).toBe('区城市管理局')
    expect(new Set(departments).size).toBe(departments.length)
    expect(departments.length).toBeGreaterThan(5)
    for (const wrong of ['planner', 'leader-520602002']) {
      const refused = await act(tokens.operator, id, { action: 'dispatch', assignee: wrong })
      expect(refused.status, wrong).toBe(400)
      expect(refused.body.error.message).toMatch(/may not handle an issue here/)
    }
    expect((await act(tokens.operator, id, { action: 'dispatch', assignee: 'worker' })).status).toBe(200)
    expect((await act(tokens.worker, id, { action: 'resolve', note: '已清运' })).status).toBe(200)
    // The worker reported it and resolved it: the on-site check must be someone else's.
    const detail: IssueDetail = (await getJson(app.url, `/api/issues/${id}`, tokens.worker)).body
    expect(detail.allowedActions).not.toContain('verify')
    const form = new FormData()
    form.append('transition', JSON.stringify({ action: 'verify', note: '自己核查' }))
    form.append('photos', new Blob([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')]), 'after.jpg')
    const own = await fetch(`${app.url}/api/issues/${id}/transitions`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.worker}` }, body: form })
    expect(own.status).toBe(409)
    expect(((await own.json()) as { error: { message: string } }).error.message).toMatch(/someone other than who resolved/)
  })

  it('sends a failed check back to the handler as rework', async () => {
    const { body } = await report(tokens.worker, newReport())
    const id = body.issue.id
    await act(tokens.operator, id, { action: 'accept' })
    await act(tokens.operator, id, { action: 'resolve', note: '现场处置' })
    const res = await act(tokens.worker, id, { action: 'rework', note: '垃圾仍在' })
    expect(res.body.issue.status).toBe('dispatched')
  })

  it('answers an action the state or the role does not allow with 409 and the allowed actions', async () => {
    const { body } = await report(tokens.worker, newReport())
    const id = body.issue.id
    const byWorker = await act(tokens.worker, id, { action: 'accept' })
    expect(byWorker.status).toBe(409)
    expect(byWorker.body).toMatchObject({ status: 'reported', allowed: [] })
    const tooEarly = await act(tokens.operator, id, { action: 'close' })
    expect(tooEarly.status).toBe(409)
    expect(tooEarly.body.allowed).toEqual(expect.arrayContaining(['accept', 'reject', 'merge']))
    expect((await act(tokens.planner, id, { action: 'accept' })).status).toBe(409)
    expect((await act(tokens.operator, id, { action: 'fly' })).body.error.field).toBe('action')
    expect((await act(tokens.operator, id, { action: 'rate', rating: 9 })).body.error.field).toBe('rating')
    expect((await act(tokens.operator, randomUUID(), { action: 'accept' })).status).toBe(404)
  })

  it('lets a street leader act in their street only', async () => {
    const p = await pointIn('520602007')
    const { body } = await report(tokens.worker, newReport({ lon: p.lon, lat: p.lat }))
    expect((await act(tokens['leader-520602002'], body.issue.id, { action: 'accept' })).status).toBe(404)
    expect((await act(tokens['leader-520602007'], body.issue.id, { action: 'accept' })).body.issue.status).toBe('accepted')
  })

  it('merges a duplicate into another issue', async () => {
    const a = (await report(tokens.worker, newReport())).body.issue
    const b = (await report(tokens.worker, newReport())).body.issue
    expect((await act(tokens.operator, b.id, { action: 'merge' })).body.error.field).toBe('duplicateOf')
    const merged = await act(tokens.operator, b.id, { action: 'merge', duplicateOf: a.id })
    expect(merged.body.issue).toMatchObject({ status: 'merged', duplicateOf: a.id })
  })
})

describe('GET /api/issues', () => {
  it("shows a street leader only their street's issues, whatever they filter on", async () => {
    const inY = await pointIn('520602002')
    const created = (await report(tokens.worker, newReport({ lon: inY.lon, lat: inY.lat }))).body.issue
    const leaderX = tokens['leader-520602007']
    const all = (await getJson(app.url, '/api/issues?limit=500', leaderX)).body.issues as IssueSummary[]
    expect(all.length).toBeGreaterThan(0)
    expect(all.every((i) => i.streetCode === '520602007')).toBe(true)
    const asked = (await getJson(app.url, '/api/issues?area=520602002', leaderX)).body.issues
    expect(asked).toEqual([])
    expect((await getJson(app.url, `/api/issues/${created.id}`, leaderX)).status).toBe(404)
    const leaderY = (await getJson(app.url, '/api/issues?area=520602002', tokens['leader-520602002'])).body.issues as IssueSummary[]
    expect(leaderY.map((i) => i.id)).toContain(created.id)
  })

  it("lists an area's issues at every level, newest first, as the four area columns say", async () => {
    const [grid] = await db.sql<{ grid: string; community: string; street: string; district: string }[]>`
      SELECT grid_code AS grid, community_code AS community, street_code AS street, district_code AS district
      FROM issues WHERE grid_code IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY count(*) DESC LIMIT 1`
    for (const code of [grid.grid, grid.community, grid.street, grid.district, 'no-such-area']) {
      const expected = await db.sql<{ id: string }[]>`
        SELECT id FROM issues WHERE ${code} IN (grid_code, community_code, street_code, district_code) ORDER BY number DESC LIMIT 30`
      const listed = (await getJson(app.url, `/api/issues?area=${code}&limit=30`, tokens.operator)).body.issues as IssueSummary[]
      expect(listed.map((i) => i.id), code).toEqual(expected.map((r) => r.id))
      if (code !== 'no-such-area') expect(listed.length, code).toBeGreaterThan(0)
    }
  })

  it('shows a grid worker their own reports', async () => {
    const mine = (await getJson(app.url, '/api/issues?mine=true', tokens.worker)).body.issues as IssueSummary[]
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((i) => i.reporter === 'worker' || i.assignee === 'worker')).toBe(true)
  })

  it('filters by status, colour and category and pages with a cursor', async () => {
    const first = (await getJson(app.url, '/api/issues?limit=3', tokens.operator)).body
    expect(first.issues).toHaveLength(3)
    const second = (await getJson(app.url, `/api/issues?limit=3&before=${first.nextCursor}`, tokens.operator)).body
    const ids = new Set([...first.issues, ...second.issues].map((i: IssueSummary) => i.id))
    expect(ids.size).toBe(first.issues.length + second.issues.length)
    const red = (await getJson(app.url, '/api/issues?colour=red', tokens.operator)).body.issues as IssueSummary[]
    expect(red.length).toBeGreaterThan(0)
    expect(red.every((i) => i.colour === 'red')).toBe(true)
    const sanitation = (await getJson(app.url, '/api/issues?category=sanitation', tokens.operator)).body.issues as IssueSummary[]
    expect(sanitation.every((i) => i.category.startsWith('sanitation.'))).toBe(true)
    const closed = (await getJson(app.url, '/api/issues?status=closed', tokens.operator)).body.issues as IssueSummary[]
    expect(closed.every((i) => i.status === 'closed')).toBe(true)
  })

  it.each([
    ['status=lost', 'status'],
    ['colour=purple', 'colour'],
    ['since=yesterday', 'since'],
    ['bbox=1,2,3', 'bbox'],
    ['limit=5000', 'limit'],
  ])('answers %s with a 400 naming %s', async (q, field) => {
    const res = await getJson(app.url, `/api/issues?${q}`, tokens.operator)
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe(field)
  })

  it('masks phones for roles that do not call back', async () => {
    const p0 = await pointIn('520602007')
    const body = newReport({ source: 'hotline', callerName: '张先生', callerPhone: '13912345678', lon: p0.lon, lat: p0.lat })
    expect((await report(tokens.operator, body)).status).toBe(201)
    const forOperator = (await getJson(app.url, `/api/issues/${body.id}`, tokens.operator)).body
    expect(forOperator.callerPhone).toBe('13912345678')
    const p = (await getJson(app.url, `/api/issues/${body.id}`, tokens['leader-520602007'])).body
    expect(p.callerPhone).toBe('139****5678')
    expect(p.reporterPhone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect(forOperator.reporterPhone).toMatch(/^1\d{10}$/)
    expect((await report(tokens.worker, newReport({ source: 'hotline' }))).status).toBe(403)
  })
})

describe('wall tokens', () => {
  it('are read-only, scoped and revocable', async () => {
    const created = await postJson(app.url, '/api/wall-tokens', tokens.admin, { label: '锦江大屏', area: '520602007' })
    expect(created.status).toBe(201)
    const wall = created.body.token
    const list = (await getJson(app.url, '/api/issues', wall)).body.issues as IssueSummary[]
    expect(list.every((i) => i.streetCode === '520602007')).toBe(true)
    expect((await report(wall, newReport())).status).toBe(403)
    const res = await fetch(`${app.url}/api/wall-tokens/${created.body.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${tokens.admin}` } })
    expect(res.status).toBe(204)
    expect((await getJson(app.url, '/api/issues', wall)).status).toBe(401)
    expect((await postJson(app.url, '/api/wall-tokens', tokens.worker, { label: 'x', area: '520602007' })).status).toBe(403)
  })
})

describe('GET /api/issues/figures', () => {
  it("counts today's reports, the open and overdue ones, times to accept, in the caller's scope", async () => {
    const before = (await getJson(app.url, '/api/issues/figures', tokens.operator)).body
    const spot = await pointIn('520602007')
    const made = []
    for (let i = 0; i < 3; i++) made.push((await report(tokens.worker, newReport({ lon: spot.lon, lat: spot.lat, category: 'public_safety.theft' }))).body.issue)
    expect((await act(tokens.operator, made[0].id, { action: 'accept' })).status).toBe(200)
    const { status, body } = await getJson(app.url, '/api/issues/figures', tokens.operator)
    expect(status).toBe(200)
    expect(body.total.reported).toBe(before.total.reported + 3)
    expect(body.total.open).toBe(before.total.open + 3)
    expect(body.total.medianAcceptMinutes).not.toBeNull()
    const street = body.byStreet.find((s: { street: string }) => s.street === '520602007')
    expect(street.reported).toBeGreaterThanOrEqual(3)
    expect(new Date(body.from).getTime()).toBeLessThanOrEqual(Date.now())
    // A leader of another street sees none of these.
    const other = (await getJson(app.url, '/api/issues/figures', tokens['leader-520602002'])).body
    expect(other.byStreet.every((s: { street: string }) => s.street === '520602002')).toBe(true)
  })

  it('refuses a period that ends before it starts and a malformed date', async () => {
    const back = await getJson(app.url, '/api/issues/figures?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', tokens.operator)
    expect(back.status).toBe(400)
    expect(back.body.error.field).toBe('from')
    const bad = await getJson(app.url, '/api/issues/figures?from=yesterday', tokens.operator)
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('from')
  })
})
