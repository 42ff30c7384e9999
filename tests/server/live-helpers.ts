// Helpers of the live-issues tests: log in over HTTP, post reports, and a real Socket.IO client
// that records every event it receives, in the batch form (issue:events) or the single one (issue:event).
import { randomUUID } from 'node:crypto'
import { io, type Socket } from 'socket.io-client'
import type { IssueChange, IssueEventMessage, LoginResponse, NewIssueRequest, ServerToClientEvents } from '../../core/wire/issues.js'
import { TEST_PASSWORD } from './global-setup.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { connectTestDb } from './test-db.js'

export async function login(url: string, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as LoginResponse).token
}

/** A report in 锦江街道's centre unless overridden. */
export function newReport(overrides: Partial<NewIssueRequest> = {}): NewIssueRequest {
  return {
    id: randomUUID(),
    category: 'sanitation.garbage',
    description: '垃圾桶满溢，无人清运',
    lon: 109.1915,
    lat: 27.7175,
    ...overrides,
  }
}

export async function postJson(url: string, path: string, token: string | undefined, body: unknown) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

export async function getJson(url: string, path: string, token: string) {
  const res = await fetch(url + path, { headers: { Authorization: `Bearer ${token}` } })
  return { status: res.status, body: await res.json() }
}

export interface RecordingClient {
  socket: Socket<ServerToClientEvents>
  /** Every event received, as the batch form carries it. */
  events: IssueChange[]
  /** The single form only: the messages as received. */
  messages: IssueEventMessage[]
  /** Frames received (a batch counts once). */
  frames: number
  /** Resolves when `n` events in total have arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>
  replayDone: Promise<{ lastSeq: number; replayed: number; stale?: boolean }>
  close(): void
}

/** A Socket.IO client on the server's origin with `auth: { token, since, batch }` (the batch form unless `batch: false`). */
export function connectClient(url: string, token: string, since?: number, { batch = true }: { batch?: boolean } = {}): RecordingClient {
  const socket: Socket<ServerToClientEvents> = io(url, { auth: { token, since, ...(batch ? { batch } : {}) }, transports: ['websocket'], reconnection: false, forceNew: true })
  const events: IssueChange[] = []
  const messages: IssueEventMessage[] = []
  const waiters: { n: number; resolve(): void }[] = []
  let frames = 0
  const received = (changes: IssueChange[]) => {
    frames++
    events.push(...changes)
    for (const w of waiters.filter((w) => events.length >= w.n)) w.resolve()
  }
  socket.on('issue:events', received)
  socket.on('issue:event', (m) => {
    messages.push(m)
    received([{ seq: m.seq, type: m.event.type, issue: m.issue }])
  })
  const replayDone = new Promise<{ lastSeq: number; replayed: number; stale?: boolean }>((resolve, reject) => {
    socket.once('replay:done', resolve)
    socket.once('connect_error', reject)
  })
  return {
    socket,
    events,
    messages,
    get frames() {
      return frames
    },
    replayDone,
    waitFor(n, ms = 5000) {
      if (events.length >= n) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`waited ${ms} ms for ${n} events, got ${events.length}`)), ms)
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) })
      })
    },
    close: () => socket.close(),
  }
}

/** Connect error message of a refused handshake. */
export function connectError(url: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => (socket.close(), resolve(err.message)))
    socket.once('connect', () => (socket.close(), reject(new Error('connected'))))
  })
}

/** Two server processes' worth (apps with their own pools) on one PostgreSQL server, closed after `run`. */
export async function withTwoServers(databaseUrl: string, run: (a: ServedApp, b: ServedApp) => Promise<void>): Promise<void> {
  const dbA = await connectTestDb(5)
  const dbB = await connectTestDb(5)
  const a = await serveOnLoopback(dbA, { databaseUrl })
  const b = await serveOnLoopback(dbB, { databaseUrl })
  try {
    await run(a, b)
  } finally {
    await a.close()
    await b.close()
    await dbA.close()
    await dbB.close()
  }
}
