// The live issue feed on the client: a Socket.IO connection (WebSocket only, the batch form of
// core/wire/issues.ts) that hands over each event once, in order. It keeps the last seq it applied, drops anything at or below it,
// and reconnects with `since` = that seq, so the server replays exactly what was missed.
import { io, type Socket } from 'socket.io-client'
import type { IssueChange, ServerToClientEvents, SocketAuth } from '../../core/wire/issues'
import type { ClosuresResponse } from '../../core/wire/closures'

export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'refused'

export interface IssueFeedOptions {
  token: string
  /** The last seq the caller already holds (0: replay everything it may see). */
  since?: number
  /** Each new event, in seq order: its seq, type and the issue as it now stands. */
  onChange(change: IssueChange): void
  onState?(state: FeedState, detail?: string): void
  /** `since` lay further back than the server replays: this feed is closed; reload the snapshot and connect again from it (or from `lastSeq`, if later). */
  onStale?(lastSeq: number): void
  /** The live closures, sent to roles that see coverage on connecting and after each change. */
  onClosures?(figures: ClosuresResponse): void
}

/** Drops a message the client already applied; pure, so it is tested without a socket. */
export function createSeqGate(since = 0) {
  let last = since
  return {
    accept(seq: number): boolean {
      if (seq <= last) return false
      last = seq
      return true
    },
    get last() {
      return last
    },
  }
}

export function connectIssueFeed(options: IssueFeedOptions): { close(): void; lastSeq(): number; reconnectNow(): void } {
  const gate = createSeqGate(options.since)
  const auth = (): SocketAuth => ({ token: options.token, since: gate.last, batch: true })
  const socket: Socket<ServerToClientEvents> = io({ auth: auth(), transports: ['websocket'] })
  // The state last reported; an event on an open socket proves the feed live even if a state
  // change was missed on the way.
  let state: FeedState = 'connecting'
  const report = (next: FeedState, detail?: string) => {
    state = next
    // Transitions, for whoever looks at a wall's console.
    console.info(`[feed] ${next}${detail ? `: ${detail}` : ''}`)
    options.onState?.(next, detail)
  }
  report('connecting')
  socket.on('connect', () => console.info('[feed] connected, replaying'))
  socket.on('issue:events', (changes) => {
    for (const c of changes) if (gate.accept(c.seq)) options.onChange(c)
    // Events reaching an open socket: the feed is working, whatever state was last seen.
    if (socket.connected && state !== 'live') report('live', 'events arriving')
  })
  if (options.onClosures) socket.on('closures', options.onClosures)
  socket.on('replay:done', (info) => {
    if (!info.stale) return report('live')
    console.info(`[feed] ${gate.last} is further back than the server replays: reloading the snapshot`)
    socket.close()
    options.onStale?.(info.lastSeq)
  })
  socket.io.on('reconnect_attempt', () => {
    // Ask for what came after the last applied event.
    socket.auth = auth()
    report('reconnecting')
  })
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') report('refused', reason)
    else report('reconnecting', reason)
  })
  socket.on('connect_error', (err) => {
    if (err.message.startsWith('unauthorized')) report('refused', err.message)
    else report('reconnecting', err.message)
  })
  return {
    close: () => socket.close(),
    lastSeq: () => gate.last,
    /** The network is back: try now rather than at the end of the backoff. */
    reconnectNow: () => {
      if (socket.connected || state === 'refused') return
      socket.disconnect()
      socket.auth = auth()
      socket.connect()
    },
  }
}
