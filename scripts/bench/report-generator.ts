// The realtime bench's reporter: posts reports on a fixed schedule, as grid workers' phones would,
// and says when each one left (so the listeners can time its arrival). A report whose POST met a
// dead server is sent again, with the same id, to the next server. Runs in the conductor, the
// process that also sends the bare broadcast's frames.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { clock } from './lib.js'

export interface ReportSchedule {
  /** The servers: posts go round them. */
  urls: string[]
  workerToken: string
  /** Where the reports fall. */
  bbox: [number, number, number, number]
  rate: number
  seconds: number
  /** At most this many POSTs awaiting an answer. */
  maxInFlight: number
}

export interface ReportFigures {
  reports: number
  statuses: [number, number][]
  postMs: number[]
  /** Reports sent more than 50 ms after their time. */
  behind: number
  /** Reports the server accepted (200 or 201): each is owed to every listener. */
  accepted: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function reportBody(id: string, description: string, [w, s, e, n]: [number, number, number, number]): string {
  return JSON.stringify({ id, category: 'sanitation.garbage', description, lon: w + Math.random() * (e - w), lat: s + Math.random() * (n - s) })
}

/** Posts `rate × seconds` reports on schedule; `onSent` hears each id and its send time before the POST goes out. */
export async function postReports(o: ReportSchedule, onSent: (id: string, t: number) => void): Promise<ReportFigures> {
  const total = o.rate * o.seconds
  const statuses = new Map<number, number>()
  const postMs: number[] = []
  let accepted = 0
  let behind = 0
  let inFlight = 0
  const pending: Promise<void>[] = []
  const start = clock()
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / o.rate - clock()
    if (wait > 0) await sleep(wait)
    else if (wait < -50) behind++
    while (inFlight >= o.maxInFlight) await sleep(1)
    const id = randomUUID()
    const body = reportBody(id, `压测 ${i}`, o.bbox)
    const t0 = clock()
    onSent(id, t0)
    inFlight++
    pending.push(
      postWithFailover(o, i, body)
        .then((status) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status === 200 || status === 201) accepted++
        })
        .finally(() => {
          postMs.push(clock() - t0)
          inFlight--
        }),
    )
  }
  await Promise.all(pending)
  return { reports: total, statuses: [...statuses], postMs, behind, accepted }
}

/**
 * Reports for `seconds` at up to 100 a second before measuring, so that first-query planning —
 * and, in a server process just started, V8's optimising compiles of its own code and of the
 * embedded engine's WebAssembly — are not in the figures.
 */
export async function warmUp(o: ReportSchedule, seconds = 1): Promise<void> {
  const perSecond = Math.min(o.rate, 100)
  down.clear()
  for (let i = 0; i < perSecond * seconds; i++) {
    await postWithFailover(o, i, reportBody(randomUUID(), '预热', o.bbox))
    await sleep(1000 / perSecond)
  }
  await sleep(500)
}

/** Servers that refused a connection: left out of the round from then on, as a load balancer's health check would. */
const down = new Set<string>()

/**
 * POSTs to the report's server; on a connection error (a dead server) marks it down and sends the
 * same report to the next, up to five times (after a short wait when every server is down).
 */
async function postWithFailover(o: ReportSchedule, i: number, body: string): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const up = o.urls.filter((u) => !down.has(u))
    const url = up.length ? up[(i + attempt) % up.length] : o.urls[(i + attempt) % o.urls.length]
    try {
      return await post(`${url}/api/issues`, o.workerToken, body)
    } catch (err) {
      // Only a refused connection says the server is gone: a reset of a kept-alive socket the
      // server was closing as it was reused is sent again (it once took a live server out of the
      // round, the dead one already being out, and every later report failed).
      if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED' && up.length > 1) down.add(url)
      else await sleep(50)
    }
  }
  return 0
}

/**
 * POSTs a JSON body on a kept-alive connection and answers the status once the response is read.
 * node:http rather than fetch: fetch costs several times the CPU per request, and every cycle the
 * generator spends is taken from the server under test on the same two cores.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
function post(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
