// The listening side of the realtime bench, in a process of its own (so the servers under test keep
// their cores): Socket.IO clients that record when each event arrives. The reports are posted by the
// conductor (realtime.ts, through report-generator.ts), from the same idle process that sends the
// bare broadcast's frames, so the feed and its floor are timed alike: stamped where they are sent,
// read where they arrive. The conductor tells this process each report's id and send time over IPC.
// A client whose server dies connects to the next one with `since` = the last seq it holds (as it
// would through a load balancer). Started by realtime.ts with fork().
import { io as connect, type Socket } from 'socket.io-client'
import type { IssueChange, ServerToClientEvents } from '../../core/wire/issues.js'
import { clock, percentile } from './lib.js'

export interface ListenRequest {
  kind: 'reports' | 'broadcast'
  /** The servers: clients are spread over them. */
  urls: string[]
  clients: number
  /** reports: the clients' token and the log head to start from. */
  operatorToken?: string
  since?: number
  /** Report figures every this many seconds as well (the soak). */
  windowSeconds?: number
}

/** What the conductor sends, in order: the request, each report as it is sent, then the end. */
export type ListenCommand =
  | { type: 'listen'; req: ListenRequest }
  | { type: 'measure' }
  | { type: 'sent'; id: string; t: number }
  | { type: 'finish'; events: number; deadlineMs: number }

export interface LoadWindow {
  at: number
  delivered: number
  p50: number
  p99: number
}

export interface ListenResult {
  expected: number
  delivered: number
  duplicates: number
  outOfOrder: number
  /** Connections made again after a server went away. */
  failovers: number
  /** For each of them, ms from the disconnect to the replay's end on the next server. */
  failoverMs: number[]
  latencies: number[]
}

export type ListenMessage =
  | { type: 'ready' }
  | { type: 'window'; window: LoadWindow }
  | { type: 'result'; result: ListenResult }
  | { type: 'error'; message: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const send = (m: ListenMessage) => process.send!(m)

const state = { delivered: 0, duplicates: 0, outOfOrder: 0, failovers: 0, failoverMs: [] as number[], latencies: [] as number[] }
/** Send times of the measured reports, by id. */
const sentAt = new Map<string, number>()
/** Arrivals of a measured report seen before its send time came over IPC (the two channels race). */
const early = new Map<string, number[]>()
let measuring = false
let closing = false
const sockets: Socket<ServerToClientEvents>[] = []

function arrived(id: string, at: number): void {
  const t = sentAt.get(id)
  if (t !== undefined) {
    state.delivered++
    state.latencies.push(at - t)
  } else if (measuring) {
    const list = early.get(id)
    if (list) list.push(at)
    else early.set(id, [at])
  }
}

/** One watching client: on its server's death it moves to the next, asking for what it missed. */
function watch(req: ListenRequest, index: number): Promise<void> {
  const seen = new Set<number>()
  let last = req.since ?? 0
  let isReady = false
  /** When this client lost its server (undefined while connected). */
  let lostAt: number | undefined
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
          arrived(m.issue.id, now)
        }
      })
      socket.once(req.kind === 'reports' ? 'replay:done' : 'connect', () => {
        if (lostAt !== undefined) state.failoverMs.push(clock() - lostAt)
        lostAt = undefined
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
        lostAt ??= clock()
        open(serverIndex + 1)
      })
    }
    open(index)
  })
}

let windowTimer: NodeJS.Timeout | undefined

function startWindows(seconds: number): void {
  const start = clock()
  let from = { delivered: 0, latencies: 0 }
  windowTimer = setInterval(() => {
    const latencies = state.latencies.slice(from.latencies)
    send({ type: 'window', window: { at: (clock() - start) / 1000, delivered: state.delivered - from.delivered, p50: percentile(latencies, 50), p99: percentile(latencies, 99) } })
    from = { delivered: state.delivered, latencies: state.latencies.length }
  }, seconds * 1000)
}

async function finish(req: ListenRequest, events: number, deadlineMs: number): Promise<ListenResult> {
  const expected = events * req.clients
  const deadline = clock() + deadlineMs
  while (state.delivered < expected && clock() < deadline) await sleep(20)
  clearInterval(windowTimer)
  closing = true
  for (const s of sockets) s.close()
  return { expected, ...state }
}

let request: ListenRequest | undefined
process.on('message', (c: ListenCommand) => {
  if (c.type === 'listen') {
    request = c.req
    Promise.all(Array.from({ length: c.req.clients }, (_, i) => watch(c.req, i))).then(
      () => send({ type: 'ready' }),
      (err: Error) => process.send!({ type: 'error', message: err.message } satisfies ListenMessage, () => process.exit(1)),
    )
  } else if (c.type === 'measure') {
    measuring = true
    if (request!.windowSeconds) startWindows(request!.windowSeconds)
  } else if (c.type === 'sent') {
    sentAt.set(c.id, c.t)
    for (const at of early.get(c.id) ?? []) arrived(c.id, at)
    early.delete(c.id)
  } else {
    finish(request!, c.events, c.deadlineMs).then((result) => process.send!({ type: 'result', result } satisfies ListenMessage, () => process.exit(0)))
  }
})
