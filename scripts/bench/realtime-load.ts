// The load side of the realtime bench, in a process of its own (so the servers under test keep
// their cores): Socket.IO clients that record when each event arrives, and a generator that posts
// reports on a fixed schedule. A client whose server dies connects to the next one with `since`
// = the last seq it holds (as it would through a load balancer), and a report whose POST met a
// dead server is sent again, with the same id, to the next. Started by realtime.ts with fork();
// talks over IPC.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { io as connect, type Socket } from 'socket.io-client'
import type { IssueChange, ServerToClientEvents } from '../../core/wire/issues.js'

export interface LoadRequest {
  kind: 'reports' | 'broadcast'
  /** The servers: clients are spread over them, and so are the posts. */
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
  /** Report figures every this many seconds as well (the soak). */
  windowSeconds?: number
}

export interface LoadWindow {
  at: number
  posts: number
  postP99: number
  delivered: number
  p50: number
  p99: number
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
  /** Connections made again after a server went away. */
  failovers: number
  latencies: number[]
  seconds: number
}

export type LoadMessage =
  | { type: 'ready' }
  | { type: 'started' }
  | { type: 'window'; window: LoadWindow }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string }

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const clock = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const send = (m: LoadMessage) => process.send!(m)

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const sorted = Float64Array.from(xs).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function run(req: LoadRequest): Promise<LoadResult> {
  const sentAt = new Map<string, number>()
  const state = { delivered: 0, duplicates: 0, outOfOrder: 0, failovers: 0, latencies: [] as number[] }
  let closing = false
  const sockets: Socket<ServerToClientEvents>[] = []

  /** One watching client: on its server's death it moves to the next, asking for what it missed. */
  function watch(index: number): Promise<void> {
    const seen = new Set<number>()
    let last = req.since ?? 0
    let isReady = false
    return new Promise<void>((resolve, reject) => {
      const open = (serverIndex: number) => {
        const socket: Socket<ServerToClientEvents> = connect(req.urls[serverIndex % req.urls.length], {
          auth: req.kind === 'reports' ? { token: req.operatorToken, since: last, batch: true } : {},
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        })
        sockets[index] = socket
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
        socket.once(req.kind === 'reports' ? 'replay:done' : 'connect', () => {
          isReady = true
          resolve()
        })
        socket.on('connect_error', (err) => {
          if (!isReady) return reject(err)
          // A failover that did not connect: try the next server shortly.
          setTimeout(() => !closing && open(serverIndex + 1), 200)
        })
        socket.on('disconnect', () => {
          if (closing || !isReady) return
          state.failovers++
          open(serverIndex + 1)
        })
      }
      open(index)
    })
  }

  await Promise.all(Array.from({ length: req.clients }, (_, i) => watch(i)))
  if (req.kind === 'reports') await warmUp(req)
  const total = req.rate * req.seconds
  const statuses = new Map<number, number>()
  const accepted = new Set<string>()
  const postMs: number[] = []
  let behind = 0
  const start = clock()
  let windowTimer: NodeJS.Timeout | undefined
  if (req.windowSeconds) {
    let from = { posts: 0, delivered: 0, latencies: 0 }
    windowTimer = setInterval(() => {
      const latencies = state.latencies.slice(from.latencies)
      const posts = postMs.slice(from.posts)
      send({ type: 'window', window: { at: (clock() - start) / 1000, posts: posts.length, postP99: percentile(posts, 99), delivered: state.delivered - from.delivered, p50: percentile(latencies, 50), p99: percentile(latencies, 99) } })
      from = { posts: postMs.length, delivered: state.delivered, latencies: state.latencies.length }
    }, req.windowSeconds * 1000)
  }
  if (req.kind === 'broadcast') {
    send({ type: 'ready' })
  } else {
    send({ type: 'started' })
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
        postWithFailover(req, i, body)
          .then((status) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1)
            if (status === 200 || status === 201) accepted.add(id)
          })
          .finally(() => {
            postMs.push(clock() - t0)
            inFlight--
          }),
      )
    }
    await Promise.all(pending)
  }
  const expected = (req.kind === 'reports' ? accepted.size : total) * req.clients
  const deadline = clock() + (req.kind === 'broadcast' ? req.seconds * 1000 + 15_000 : 15_000)
  while (state.delivered < expected && clock() < deadline) await sleep(20)
  const seconds = (clock() - start) / 1000
  clearInterval(windowTimer)
  closing = true
  for (const s of sockets) s.close()
  return { reports: total, statuses: [...statuses], postMs, behind, expected, seconds, ...state }
}

/** POSTs to the report's server; on a connection error (a dead server) sends the same report to the next, up to five times. */
async function postWithFailover(req: LoadRequest, i: number, body: string): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await post(`${req.urls[(i + attempt) % req.urls.length]}/api/issues`, req.workerToken!, body)
    } catch {
      await sleep(50)
    }
  }
  return 0
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
  const count = Math.min(req.rate, 100)
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ id: randomUUID(), category: 'sanitation.garbage', description: '预热', lon: w + Math.random() * (e - w), lat: s + Math.random() * (n - s) })
    await postWithFailover(req, i, body)
    await sleep(1000 / count)
  }
  await sleep(500)
}

process.on('message', (req: LoadRequest) => {
  run(req).then(
    (result) => process.send!({ type: 'result', result } satisfies LoadMessage, () => process.exit(0)),
    (err: Error) => process.send!({ type: 'error', message: err.message } satisfies LoadMessage, () => process.exit(1)),
  )
})
