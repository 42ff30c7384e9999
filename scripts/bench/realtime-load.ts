// The load side of the realtime bench, in a process of its own (so the server under test keeps
// a core to itself): Socket.IO clients that record when each event arrives, and a generator
// that posts reports on a fixed schedule. Started by realtime.ts with fork(); talks over IPC.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { io as connect, type Socket } from 'socket.io-client'
import type { IssueChange, ServerToClientEvents } from '../../core/wire/issues.js'

export interface LoadRequest {
  kind: 'reports' | 'broadcast'
  urls: string[]
  clients: number
  rate: number
  seconds: number
  maxInFlight: number
  /** reports: the clients' and the reporter's tokens, the log head, the bbox to report in. */
  operatorToken?: string
  workerToken?: string
  since?: number
  bbox?: [number, number, number, number]
}

export interface LoadResult {
  reports: number
  statuses: [number, number][]
  postMs: number[]
  behind: number
  expected: number
  delivered: number
  duplicates: number
  outOfOrder: number
  latencies: number[]
  seconds: number
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const clock = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function run(req: LoadRequest): Promise<LoadResult> {
  const sentAt = new Map<string, number>()
  const state = { delivered: 0, duplicates: 0, outOfOrder: 0, latencies: [] as number[] }
  const sockets: Socket<ServerToClientEvents>[] = []
  for (let i = 0; i < req.clients; i++) {
    const socket: Socket<ServerToClientEvents> = connect(req.urls[i % req.urls.length], {
      auth: req.kind === 'reports' ? { token: req.operatorToken, since: req.since, batch: true } : {},
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    })
    const seen = new Set<number>()
    let last = req.since ?? 0
    // The bare broadcast's floor: one frame per report, stamped when sent.
    socket.on('issue:event', (m) => {
      state.delivered++
      state.latencies.push(clock() - (m as unknown as { t: number }).t)
    })
    socket.on('issue:events', (changes: IssueChange[]) => {
      const now = clock()
      for (const m of changes) {
        if (seen.has(m.seq)) {
          state.duplicates++
          continue
        }
        seen.add(m.seq)
        if (m.seq < last) state.outOfOrder++
        last = Math.max(last, m.seq)
        const t = sentAt.get(m.issue.id)
        if (t === undefined) continue
        state.delivered++
        state.latencies.push(now - t)
      }
    })
    sockets.push(socket)
  }
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve, reject) => {
          s.once(req.kind === 'reports' ? 'replay:done' : 'connect', () => resolve())
          s.once('connect_error', reject)
        }),
    ),
  )
  if (req.kind === 'reports') await warmUp(req)
  const total = req.rate * req.seconds
  const expected = total * req.clients
  const statuses = new Map<number, number>()
  const postMs: number[] = []
  let behind = 0
  const start = clock()
  if (req.kind === 'broadcast') {
    process.send!({ type: 'ready' })
  } else {
    const [w, s, e, n] = req.bbox!
    let inFlight = 0
    const pending: Promise<void>[] = []
    for (let i = 0; i < total; i++) {
      const wait = start + (i * 1000) / req.rate - clock()
      if (wait > 0) await sleep(wait)
      else if (wait < -50) behind++
      while (inFlight >= req.maxInFlight) await sleep(1)
      const id = randomUUID()
      const body = JSON.stringify({ id, category: 'sanitation.garbage', description: `压测 ${i}`, lon: w + Math.random() * (e - w), lat: s + Math.random() * (n - s) })
      const t0 = clock()
      sentAt.set(id, t0)
      inFlight++
      pending.push(
        post(`${req.urls[i % req.urls.length]}/api/issues`, req.workerToken!, body)
          .then((status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1))
          .catch(() => void statuses.set(0, (statuses.get(0) ?? 0) + 1))
          .finally(() => {
            postMs.push(clock() - t0)
            inFlight--
          }),
      )
    }
    await Promise.all(pending)
  }
  const deadline = clock() + (req.kind === 'broadcast' ? req.seconds * 1000 + 15_000 : 15_000)
  while (state.delivered < expected && clock() < deadline) await sleep(20)
  const seconds = (clock() - start) / 1000
  for (const s of sockets) s.close()
  return { reports: total, statuses: [...statuses], postMs, behind, expected, seconds, ...state }
}

/**
 * POSTs a JSON body on a kept-alive connection and answers the status once the response is read.
 * node:http rather than fetch: fetch costs this process several times the CPU per request, and
 * every cycle the generator spends is taken from the server under test on the same two cores.
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

/** One second of reports before measuring, so first-query planning and JIT are not in the figures. */
async function warmUp(req: LoadRequest): Promise<void> {
  const [w, s, e, n] = req.bbox!
  for (let i = 0; i < req.rate; i++) {
    const body = JSON.stringify({ id: randomUUID(), category: 'sanitation.garbage', description: '预热', lon: w + Math.random() * (e - w), lat: s + Math.random() * (n - s) })
    await post(`${req.urls[i % req.urls.length]}/api/issues`, req.workerToken!, body)
    await sleep(1000 / req.rate)
  }
  await sleep(500)
}

process.on('message', (req: LoadRequest) => {
  run(req).then(
    (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
    (err: Error) => process.send!({ type: 'error', message: err.message }, () => process.exit(1)),
  )
})
