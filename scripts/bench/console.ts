// `npm run bench -- console`: the operator console in headless Chromium with 10,000 issues
// already on the map, while reports arrive at 20 a second for 10 s: the time from each POST to its
// pin being drawn (p50/p99), and the page's frames meanwhile (a long frame is a stall an operator
// would see). The issues are posted through the API beforehand, in the district's grids.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import pino from 'pino'
import { startServer } from '../../server/index.js'
import { launchBrowser, measureRepaintMs, waitForMapIdle } from '../lib/browser.js'
import { buildClientIfStale } from '../lib/build-client.js'
import { fmt, percentile } from './lib.js'

const PASSWORD = 'bench-console-password'
const PRELOAD = 10_000
const RATE = 20
const SECONDS = 10
const CATEGORIES = ['sanitation.garbage', 'municipal.road_damage', 'municipal.streetlight', 'public_safety.fight', 'disputes.neighbour', 'property.parking']

export async function runConsoleBench(dataDir: string, databaseUrl: string | undefined): Promise<void> {
  buildClientIfStale((m) => console.error(m))
  const server = await startServer(
    { host: '127.0.0.1', port: 0, databaseUrl, dataDir, seedDemo: true, demoHistoryDays: 0, demoActivity: false, demoUsers: true, demoPassword: PASSWORD, basemap: { kind: 'none' }, logLevel: 'warn' },
    pino({ level: 'warn' }),
  )
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  const post = (path: string, token: string | null, body: unknown) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const data = JSON.stringify(body)
      const req = http.request(`${server.url}${path}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), ...(token ? { Authorization: `Bearer ${token}` } : {}) } }, (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.end(data)
    })
  const login = async (username: string) => JSON.parse((await post('/api/login', null, { username, password: PASSWORD })).body) as { token: string; expiresAt: string; user: unknown }
  const browser = await launchBrowser()
  try {
    const worker = (await login('worker')).token
    const operator = await login('operator')
    const labels = (await (await fetch(`${server.url}/api/areas?geometry=label&level=grid`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Point>
    const places = labels.features.map((f) => f.geometry.coordinates)
    let n = 0
    const report = () => {
      const [lon, lat] = places[n % places.length]
      const k = n++
      // Spread about the grid's label point (±150 m), so pins do not sit on one another.
      const jitter = (seed: number) => (((seed * 9301 + 49297) % 233280) / 233280 - 0.5) * 0.003
      return { id: randomUUID(), category: CATEGORIES[k % CATEGORIES.length], description: `基准测试事件 ${k}`, lon: lon + jitter(k), lat: lat + jitter(k + 7) }
    }

    console.error(`posting ${PRELOAD} issues through the API…`)
    const t0 = Date.now()
    const inFlight = new Set<Promise<unknown>>()
    for (let i = 0; i < PRELOAD; i++) {
      const p = post('/api/issues', worker, report()).then((r) => {
        if (r.status !== 201) throw new Error(`report ${r.status}: ${r.body}`)
      })
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p))
      if (inFlight.size >= 8) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
    console.log(`engine: ${server.db.engine}   ${PRELOAD} issues posted in ${fmt((Date.now() - t0) / 1000)} s`)

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    await context.addInitScript((s) => localStorage.setItem('gridpulse.session', s), JSON.stringify({ token: operator.token, expiresAt: operator.expiresAt, user: operator.user }))
    const page = await context.newPage()
    const opened = Date.now()
    await page.goto(`${server.url}/`)
    await waitForMapIdle(page)
    await page.waitForSelector('[data-testid=connection][data-state=live]')
    await page.waitForFunction((count) => Number((document.querySelector('[data-testid=fig-open] .tile__value')?.textContent ?? '').replace(/[^\d]/g, '')) >= count, PRELOAD, { timeout: 120_000 })
    const readyMs = Date.now() - opened
    const pinCount = await page.evaluate(async () => ((await (window.__gridpulseMap!.getSource('gp-issues') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }).getData()).features.length))
    await page.waitForTimeout(1500)
    const frameMs = await measureRepaintMs(page)
    // Frames of the page from here on (a string: tsx would wrap a named function in a helper the page lacks).
    await page.evaluate(`(() => { window.__frames = []; const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick) }; requestAnimationFrame(tick) })()`)

    const sent = new Map<string, number>()
    const statuses: number[] = []
    const start = Date.now()
    const posts: Promise<void>[] = []
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = start + (i * 1000) / RATE
      const wait = due - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const body = report()
      sent.set(body.id, Date.now())
      posts.push(post('/api/issues', worker, body).then((r) => void statuses.push(r.status)))
    }
    await Promise.all(posts)
    await page.waitForTimeout(3000)
    const drawn = await page.evaluate(() => window.__gridpulsePinsDrawn ?? [])
    const frames = (await page.evaluate('window.__frames')) as number[]
    const drawnAt = new Map<string, number>()
    for (const d of drawn) for (const id of d.ids) if (!drawnAt.has(id)) drawnAt.set(id, d.at)
    const latencies = [...sent].filter(([id]) => drawnAt.has(id)).map(([id, t]) => drawnAt.get(id)! - t)
    const gaps = frames.slice(1).map((t, i) => t - frames[i])
    console.log(`console ready with ${pinCount} pins in ${fmt(readyMs / 1000)} s (snapshot, socket, map drawn); one repaint of the page costs ${fmt(frameMs)} ms here`)
    console.log(`${RATE} reports/s for ${SECONDS} s: ${statuses.filter((s) => s === 201).length} of ${sent.size} accepted, ${latencies.length} pins drawn`)
    console.log(`POST → pin drawn   p50 ${fmt(percentile(latencies, 50))} ms   p99 ${fmt(percentile(latencies, 99))} ms   max ${fmt(Math.max(...latencies))} ms`)
    console.log(`frames meanwhile   median ${fmt(percentile(gaps, 50))} ms   p99 ${fmt(percentile(gaps, 99))} ms   longest ${fmt(Math.max(...gaps))} ms   (${gaps.length} frames; SwiftShader draws WebGL on the CPU)`)
  } finally {
    agent.destroy()
    await browser.close()
    await server.close()
  }
}
