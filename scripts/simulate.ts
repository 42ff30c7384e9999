// `npm run simulate -- --rate 2 --duration 600`: a living demo. Posts realistic reports through
// the public API (a category mix, clustered around a few hotspots, some duplicates, some
// hotline calls) and moves earlier ones through the lifecycle as an operator and the reporting
// worker would. Bounded in rate and time; loopback only unless --allow-remote.
import { randomUUID } from 'node:crypto'
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { ISSUE_CATEGORIES } from '../core/domain/issue-taxonomy.js'
import type { IssueSummary, NewIssueRequest, TransitionRequest } from '../core/wire/issues.js'
import type { ServerConfigPayload } from '../core/wire/read-api.js'
import { readConfig } from '../server/config.js'
import { composeDescription } from '../server/demo/issue-phrases.js'
import { CATEGORY_WEIGHTS } from '../server/demo/demo-world.js'
import { resolveDemoPassword } from '../server/auth/demo-users.js'
import { Rng } from '../core/random.js'
import { parseCli } from './lib/cli.js'
import { callApi, loginAs } from './lib/api-client.js'

const usage = `Usage: npm run simulate -- [--rate N] [--duration S] [--outside SHARE] [--url URL] [--password P] [--seed N] [--allow-remote]

Posts N reports per second (default 2) for S seconds (default 600) to the running server
(default http://127.0.0.1:$PORT), as the demo accounts 'worker' (reports, on-site checks),
'operator' (hotline calls, accept, dispatch, resolve, reply, rate, close) and 'admin' (on-site
checks of hotline reports). The password is
--password, else DEMO_PASSWORD, else the one npm start generated in DATA_DIR.
  --rate N        reports per second, 0.1–50
  --duration S    seconds, 1–86400
  --outside SHARE share of reports placed outside the district, 0–1 (default 0.02): they show as
                  out-of-area pins and in the figures' out-of-area row
  --seed N        random seed (default: the time)
  --allow-remote  allow a URL that is not on this machine`

const { values } = parseCli(usage, {
  rate: { type: 'string', default: '2' },
  duration: { type: 'string', default: '600' },
  url: { type: 'string' },
  password: { type: 'string' },
  seed: { type: 'string' },
  outside: { type: 'string', default: '0.02' },
  'allow-remote': { type: 'boolean', default: false },
})
const rate = Number(values.rate)
const duration = Number(values.duration)
if (!(rate >= 0.1 && rate <= 50)) fail('--rate must be between 0.1 and 50')
if (!(duration >= 1 && duration <= 86400)) fail('--duration must be between 1 and 86400 seconds')
const outsideShare = Number(values.outside)
if (!(outsideShare >= 0 && outsideShare <= 1)) fail('--outside must be a share between 0 and 1')
const config = readConfig()
const base = new URL(values.url ?? `http://127.0.0.1:${config.port}`)
if (!values['allow-remote'] && !['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
  fail(`${base.origin} is not on this machine: pass --allow-remote to simulate against it`)
}
const password = values.password ?? resolveDemoPassword(config.demoPassword, config.dataDir).password
const rng = new Rng(values.seed ? Number(values.seed) : Date.now() % 2 ** 31)

// The smallest valid PNG, as the photo of an on-site check.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

const call = <T>(path: string, init: RequestInit & { token?: string } = {}) => callApi<T>(base, path, init)

async function login(username: string): Promise<string> {
  try {
    return (await loginAs(base, username, password)).token
  } catch (err) {
    return fail((err as Error).message)
  }
}

const worker = await login('worker')
const operator = await login('operator')
// Hotline reports have no reporting grid worker: an admin records their on-site check.
const admin = await login('admin')
const { body: cfg } = await call<ServerConfigPayload>('/api/config')
if (!cfg.bbox) fail('the server has no areas: start it with the demo data')
const [w, s, e, n] = cfg.bbox
// The district's outline: reports are drawn again until they fall inside it (except the --outside share).
const { body: districts } = await call<FeatureCollection<Polygon | MultiPolygon>>('/api/areas?level=district')
const district: Feature<Polygon | MultiPolygon> | undefined = districts.features?.[0]
if (!district) fail('the server has no district: start it with the demo data')
const inDistrict = (lon: number, lat: number) => booleanPointInPolygon([lon, lat], district)
// A few hotspots in the inner part of the district, each with its own spread (metres).
const hotspots = Array.from({ length: 5 }, () => ({
  lon: w + (e - w) * rng.range(0.3, 0.7),
  lat: s + (n - s) * rng.range(0.3, 0.7),
  spread: rng.range(150, 600),
  weight: rng.range(1, 4),
}))
const categories = ISSUE_CATEGORIES.map((c) => c.code)
const recent: NewIssueRequest[] = []
const open: IssueSummary[] = []
const counts = { reports: 0, outside: 0, duplicates: 0, hotline: 0, transitions: 0, refused: 0, failed: 0 }

function nextReport(hotline: boolean): NewIssueRequest {
  if (recent.length > 0 && rng.float() < 0.08) {
    // Someone else reports the same thing a few metres away.
    const prev = rng.pick(recent)
    counts.duplicates++
    return { ...prev, id: randomUUID(), lon: prev.lon + rng.normal() * 0.0002, lat: prev.lat + rng.normal() * 0.0002 }
  }
  const category = ISSUE_CATEGORIES[rng.weightedIndex(categories.map((c) => CATEGORY_WEIGHTS[c] ?? 1))]
  const sub = rng.pick(category.subcategories)
  const [lon, lat] = rng.float() < outsideShare ? drawOutside() : drawInside()
  counts.outside += inDistrict(lon, lat) ? 0 : 1
  return { id: randomUUID(), category: sub.code, description: composeDescription(rng, sub.code, hotline), lon, lat }
}

/** Near a hotspot (80 %) or anywhere in the district, drawn again until it falls inside the outline. */
function drawInside(): [number, number] {
  for (;;) {
    const spot = hotspots[rng.weightedIndex(hotspots.map((h) => h.weight))]
    const [lon, lat] =
      rng.float() < 0.8
        ? [spot.lon + (rng.normal() * spot.spread) / (111_320 * Math.cos((spot.lat * Math.PI) / 180)), spot.lat + (rng.normal() * spot.spread) / 110_540]
        : [rng.range(w, e), rng.range(s, n)]
    if (inDistrict(lon, lat)) return [lon, lat]
  }
}

/** 300 m to 2.5 km beyond one edge of the district's box: outside it whatever its shape. */
function drawOutside(): [number, number] {
  const off = rng.range(300, 2500)
  const dLon = off / (111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180))
  const dLat = off / 110_540
  const side = rng.int(0, 3)
  return [side === 0 ? w - dLon : side === 1 ? e + dLon : rng.range(w, e), side === 2 ? s - dLat : side === 3 ? n + dLat : rng.range(s, n)]
}

async function postReport(): Promise<void> {
  const hotline = rng.float() < 0.15
  const report = nextReport(hotline)
  if (hotline) counts.hotline++
  const body: NewIssueRequest = hotline
    ? { ...report, source: 'hotline', callerName: '市民', callerPhone: `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}` }
    : report
  const res = await call<{ issue: IssueSummary }>('/api/issues', { method: 'POST', token: hotline ? operator : worker, body: JSON.stringify(body) })
  if (res.status !== 201) return void counts.failed++
  counts.reports++
  recent.push(report)
  if (recent.length > 50) recent.shift()
  open.push(res.body.issue)
}

/** Demo accounts logged in as they are first needed (the street leaders who handle dispatched issues). */
const tokens = new Map<string, string>([
  ['worker', worker],
  ['operator', operator],
  ['admin', admin],
])
async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, await login(username))
  return tokens.get(username)!
}
/** Who resolved each issue here: the on-site check must be someone else. */
const resolvedBy = new Map<string, string>()

/** The first demo account the server offers for the issue (the grid's worker, else a leader), or none. */
async function pickAssignee(issue: IssueSummary): Promise<string | undefined> {
  const res = await call<{ assignees: { username: string; role: string }[] }>(`/api/issues/${issue.id}/assignees`, { token: operator })
  if (res.status !== 200) return undefined
  return res.body.assignees.find((a) => a.username === 'worker' || a.username.startsWith('leader-'))?.username
}

/** Moves one open issue a step on, as the centre and its handlers would. */
async function advanceOne(): Promise<void> {
  if (open.length === 0) return
  const index = rng.int(0, open.length - 1)
  const issue = open[index]
  const assignee = issue.status === 'accepted' && rng.float() >= 0.2 ? await pickAssignee(issue) : undefined
  const handler = issue.assignee ?? 'operator'
  // The reporter checks the fix unless they made it; then the admin does.
  const checker = issue.reporter === 'worker' && resolvedBy.get(issue.id) !== 'worker' ? 'worker' : 'admin'
  const step: Partial<Record<string, [string, TransitionRequest]>> = {
    reported: rng.float() < 0.05 ? [operator, { action: 'reject', note: '不属于受理范围' }] : [operator, { action: 'accept' }],
    accepted: assignee ? [operator, { action: 'dispatch', assignee }] : [operator, { action: 'escalate', department: '区城市管理局' }],
    dispatched: [await tokenOf(handler), { action: 'resolve', note: '已现场处置' }],
    escalated: [operator, { action: 'resolve', note: '部门已办结' }],
    resolved: [await tokenOf(checker), { action: rng.float() < 0.1 ? 'rework' : 'verify', note: '现场核查' }],
    verified: [operator, { action: 'reply', note: '已答复群众' }],
    replied: [operator, { action: 'rate', rating: rng.pick([3, 4, 5, 5, 5]) }],
    rated: [operator, { action: 'close' }],
  }
  const next = step[issue.status]
  if (!next) return void open.splice(index, 1)
  const [token, req] = next
  let init: RequestInit & { token?: string } = { method: 'POST', token, body: JSON.stringify(req) }
  if (req.action === 'verify') {
    const form = new FormData()
    form.append('transition', JSON.stringify(req))
    form.append('photos', new Blob([PHOTO], { type: 'image/png' }), 'check.png')
    init = { method: 'POST', token, body: form }
  }
  const res = await call<{ issue: IssueSummary }>(`/api/issues/${issue.id}/transitions`, init)
  if (res.status === 200) {
    counts.transitions++
    if (req.action === 'resolve') resolvedBy.set(issue.id, [...tokens].find(([, t]) => t === token)?.[0] ?? '')
    if (['closed', 'rejected', 'merged'].includes(res.body.issue.status)) open.splice(index, 1)
    else open[index] = res.body.issue
  } else {
    counts.refused++
    open.splice(index, 1)
  }
}

console.error(`simulating ${rate} reports/s for ${duration} s against ${base.origin}`)
const started = Date.now()
const end = started + duration * 1000
let tick = 0
const interval = 1000 / rate
while (Date.now() < end) {
  const due = started + tick * interval
  if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
  tick++
  await Promise.all([postReport(), rng.float() < 0.8 ? advanceOne() : Promise.resolve()])
  if (tick % Math.max(1, Math.round(rate * 10)) === 0) {
    console.error(`${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`)
  }
}
console.log(JSON.stringify({ seconds: Math.round((Date.now() - started) / 1000), ...counts }))
