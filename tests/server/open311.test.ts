// Open311 GeoReport v2 end to end on the database (both engines), through a client written from the
// specification alone (http://wiki.open311.org/GeoReport_v2): paths with a format extension, POST
// parameters form-encoded, answers as JSON arrays or XML documents, errors as [{ code, description }].
// The client below knows nothing of GridPulse's code or types: it reads what the spec says is there.
// An integration lists services, posts a request (JSON and XML) that reaches the console's socket at
// once as an Open311 report, and reads its status as an operator moves it on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import type { Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { issueOpen311Key } from '../../server/open311/issue-open311-key.js'
import { revokeOpen311Key } from '../../server/db/queries/open311.js'
import { connectClient, login, postJson } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

// ---- A GeoReport v2 client from the spec alone ------------------------------------------------
type Format = 'json' | 'xml'
/** Elements that the spec repeats inside their parent: always read as lists. */
const LISTS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'])
const xml = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: (name) => LISTS.has(name) })

class GeoReportClient {
  constructor(
    readonly base: string,
    readonly apiKey?: string,
  ) {}

  /** GET {base}/{path}.{format}?params: status and the body as the spec shapes it (JSON as sent; XML parsed, every value text). */
  async get(path: string, format: Format, params: Record<string, string> = {}) {
    const q = new URLSearchParams({ ...params, ...(this.apiKey ? { api_key: this.apiKey } : {}) })
    return this.read(await fetch(`${this.base}/${path}.${format}?${q}`), format)
  }

  /** POST {base}/requests.{format} with the parameters form-encoded (attribute[code]=value for attributes). */
  async post(format: Format, params: Record<string, string>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ ...params, ...(this.apiKey ? { api_key: this.apiKey } : {}) })
    return this.read(await fetch(`${this.base}/requests.${format}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body }), format)
  }

  private async read(res: Response, format: Format) {
    const text = await res.text()
    const type = res.headers.get('content-type') ?? ''
    if (format === 'xml') {
      expect(type).toMatch(/xml/)
      return { status: res.status, body: xml.parse(text) as Record<string, any> }
    }
    expect(type).toMatch(/json/)
    return { status: res.status, body: JSON.parse(text) as any }
  }
}
// -----------------------------------------------------------------------------------------------

/** A 1×1 PNG: the on-site check's photo. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

// A place in the demo's street 520602007 (锦江街道), and one in another street.
const DONGMEN = { lat: '27.7175', long: '109.1915' }
const ELSEWHERE = { lat: '27.749023', long: '109.200193' }

let db: Db
let app: ServedApp
let operator: string
let city: GeoReportClient
beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db)
  operator = await login(app.url, 'operator')
  city = new GeoReportClient(`${app.url}/open311/v2`, await issueOpen311Key(db.sql, { name: 'hotline-platform', area: '520602', perMinute: 1000 }))
})
afterAll(async () => {
  await app?.close()
  await db?.close()
})

describe('Open311 GeoReport v2', () => {
  it('says where it is and what it speaks, and lists the services in JSON and XML', async () => {
    const anonymous = new GeoReportClient(city.base)
    const discovery = await anonymous.get('discovery', 'xml')
    expect(discovery.status).toBe(200)
    const endpoint = discovery.body.discovery.endpoints.endpoint[0]
    expect(endpoint.specification).toBe('http://wiki.open311.org/GeoReport_v2')
    expect(endpoint.formats.format).toEqual(['text/xml', 'application/json'])

    const json = await anonymous.get('services', 'json')
    expect(json.status).toBe(200)
    const roadworks = json.body.find((s: any) => s.service_code === 'municipal.road_works')
    expect(roadworks).toMatchObject({ service_name: '道路施工围挡', metadata: true, type: 'realtime', group: '市政设施' })
    expect(typeof roadworks.keywords).toBe('string')
    const asXml = await anonymous.get('services', 'xml')
    expect(asXml.body.services.service.map((s: any) => s.service_code)).toEqual(json.body.map((s: any) => s.service_code))
    expect((await anonymous.get('services', 'json', { locale: 'en' })).body.find((s: any) => s.service_code === 'municipal.road_works').service_name).toBe('Roadworks hoarding')

    const definition = await anonymous.get('services/municipal.road_works', 'xml')
    const attributes = definition.body.service_definition.attributes.attribute
    const urgency = attributes.find((a: any) => a.code === 'urgency')
    expect(urgency).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'false' })
    expect(urgency.values.value.map((v: any) => v.key)).toEqual(['high', 'medium', 'low'])
    expect(attributes.find((a: any) => a.code === 'closes_passage')).toMatchObject({ variable: 'false' })
    const missing = await anonymous.get('services/no.such', 'json')
    expect(missing.status).toBe(404)
    expect(missing.body[0]).toMatchObject({ code: 404, description: expect.stringMatching(/no.such/) })
  })

  it('takes a request that reaches the console at once, and tells its status as it moves on', async () => {
    const console_ = connectClient(app.url, operator)
    await console_.replayDone
    const before = console_.events.length

    // Without a key: the spec's error, in the format asked for.
    const refused = await new GeoReportClient(city.base).post('xml', { service_code: 'sanitation.garbage', description: 'x', ...DONGMEN })
    expect(refused.status).toBe(403)
    expect(refused.body.errors.error[0]).toMatchObject({ code: '403', description: expect.stringMatching(/api_key/) })

    const params = {
      service_code: 'sanitation.garbage',
      description: '小区门口垃圾三天没人清运',
      ...DONGMEN,
      first_name: '伟',
      last_name: '王',
      phone: '13800001234',
      email: 'wang.wei@example.org',
      media_url: 'https://photos.example.org/abc.jpg',
      'attribute[urgency]': 'high',
    }
    const callId = `call-${crypto.randomUUID()}`
    const posted = await city.post('xml', params, { 'Idempotency-Key': callId })
    expect(posted.status).toBe(201)
    const [created] = posted.body.service_requests.request
    expect(created.service_request_id).toMatch(/^E\d{14}$/)
    const token = created.token as string

    // Live on the console, as an Open311 report with the caller's contact.
    await console_.waitFor(before + 1)
    const live = console_.events.slice(before).find((e) => e.issue.code === created.service_request_id)!
    expect(live.type).toBe('report')
    expect(live.issue).toMatchObject({ source: 'open311', reporter: 'hotline-platform', urgency: 'high', category: 'sanitation.garbage', streetCode: '520602007' })
    const detail = (await (await fetch(`${app.url}/api/issues/${live.issue.id}`, { headers: { Authorization: `Bearer ${operator}` } })).json()) as any
    expect(detail).toMatchObject({ callerName: '王伟', callerPhone: '13800001234', callerEmail: 'wang.wei@example.org', mediaUrl: params.media_url })

    // Sent again with the same key (a retry after a lost answer): the same request, nothing new.
    const again = await city.post('json', params, { 'Idempotency-Key': callId })
    expect(again.status).toBe(200)
    expect(again.body[0].service_request_id).toBe(created.service_request_id)

    const read = async () => (await city.get(`requests/${created.service_request_id}`, 'json')).body[0]
    const first = await read()
    expect(first).toMatchObject({ service_request_id: created.service_request_id, status: 'open', status_notes: '待受理', service_code: 'sanitation.garbage', media_url: params.media_url, lat: 27.7175, long: 109.1915 })
    expect(Date.parse(first.expected_datetime)).toBeGreaterThan(Date.parse(first.requested_datetime))

    // The operator accepts and dispatches it to a department: still open, the agency named.
    await postJson(app.url, `/api/issues/${token}/transitions`, operator, { action: 'accept' })
    await postJson(app.url, `/api/issues/${token}/transitions`, operator, { action: 'dispatch', department: '区城市管理局' })
    const moving = await read()
    expect(moving).toMatchObject({ status: 'open', status_notes: '处置中', agency_responsible: '区城市管理局' })
    expect(Date.parse(moving.updated_datetime)).toBeGreaterThan(Date.parse(first.updated_datetime))

    // Its token names it, in XML too.
    const named = await city.get(`tokens/${token}`, 'xml')
    expect(named.body.service_requests.request[0]).toMatchObject({ service_request_id: created.service_request_id, token })

    // Listed among the open requests of its service; then handled, checked on site, answered and
    // closed: closed, and listed among the closed ones.
    const open = await city.get('requests', 'xml', { service_code: 'sanitation.garbage', status: 'open' })
    expect(open.body.service_requests.request.map((r: any) => r.service_request_id)).toContain(created.service_request_id)
    expect((await postJson(app.url, `/api/issues/${token}/transitions`, operator, { action: 'resolve' })).status).toBe(200)
    const check = new FormData()
    check.set('transition', JSON.stringify({ action: 'verify', note: '已清运' }))
    check.set('photos', new Blob([Buffer.from(PIXEL_PNG, 'base64')], { type: 'image/png' }), 'fix.png')
    const checked = await fetch(`${app.url}/api/issues/${token}/transitions`, { method: 'POST', headers: { Authorization: `Bearer ${await login(app.url, 'admin')}` }, body: check })
    expect(checked.status).toBe(200)
    for (const action of ['reply', 'close']) expect((await postJson(app.url, `/api/issues/${token}/transitions`, operator, { action })).status).toBe(200)
    expect(await read()).toMatchObject({ status: 'closed', status_notes: '已结案' })
    const closed = await city.get('requests', 'json', { service_request_id: created.service_request_id, status: 'closed' })
    expect(closed.body.map((r: any) => r.service_request_id)).toEqual([created.service_request_id])
    expect((await city.get('requests', 'json', { service_request_id: created.service_request_id, status: 'open' })).body).toEqual([])
    console_.close()
  })

  it('keeps an integration to its area and its rate, takes a place by name, and says what is wrong with a request', async () => {
    const street = new GeoReportClient(city.base, await issueOpen311Key(db.sql, { name: 'jinjiang-app', area: '520602007', perMinute: 8 }))
    const outside = await street.post('json', { service_code: 'sanitation.garbage', description: '路边垃圾', ...ELSEWHERE })
    expect(outside.status).toBe(400)
    expect(outside.body[0].description).toMatch(/outside the area 520602007/)

    // A grid named instead of a point: placed inside it.
    const byName = await street.post('json', { service_code: 'municipal.streetlight', description: '路灯不亮', address_string: '东门社区第1网格' })
    expect(byName.status).toBe(201)
    const placed = (await street.get(`requests/${byName.body[0].service_request_id}`, 'json')).body[0]
    expect(placed.address).toBe('东门社区第1网格')
    const unknown = await street.post('json', { service_code: 'municipal.streetlight', description: '路灯不亮', address_string: '没有这个网格' })
    expect(unknown.status).toBe(400)
    expect(unknown.body[0].description).toMatch(/address_string/)

    // What is wrong, named by field.
    const bad = await street.post('xml', { service_code: 'no.such', description: '', lat: '27.7' })
    expect(bad.status).toBe(400)
    const description = bad.body.errors.error[0].description as string
    for (const field of ['service_code', 'description']) expect(description).toContain(field)
    expect((await street.post('json', { service_code: 'sanitation.garbage', description: 'x', lat: '27.7175' })).body[0].description).toMatch(/lat and long/)
    expect((await street.get('requests', 'json', { start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' })).body[0].description).toMatch(/90 days/)

    // Only its area's requests: the city's key sees the street's report, the street's key not the city's elsewhere.
    const cityReport = await city.post('json', { service_code: 'sanitation.garbage', description: '路边垃圾', ...ELSEWHERE })
    expect(cityReport.status).toBe(201)
    expect((await street.get(`requests/${cityReport.body[0].service_request_id}`, 'json')).status).toBe(404)
    expect((await city.get(`requests/${byName.body[0].service_request_id}`, 'json')).status).toBe(200)

    // Its rate: 8 requests a minute, then 429 until the next minute (within 20 requests, even if a
    // minute turns over during the test).
    let limited: Awaited<ReturnType<GeoReportClient['get']>> | undefined
    for (let k = 0; k < 20 && !limited; k++) {
      const answer = await street.get('requests', 'xml')
      if (answer.status === 429) limited = answer
      else expect(answer.status).toBe(200)
    }
    expect(limited?.body.errors.error[0].description).toMatch(/8 requests a minute/)

    // Revoked: refused.
    await revokeOpen311Key(db.sql, 'jinjiang-app')
    expect((await street.get('requests', 'json')).status).toBe(403)
  })
})
