// The live issue feed on the client: a Socket.IO connection (WebSocket only) that hands over
// each event once, in order. It keeps the last seq it applied, drops anything at or below it,
// and reconnects with `since` = that seq, so the server replays exactly what was missed.
import { io, type Socket } from 'socket.io-client'
import type { IssueEventMessage, ServerToClientEvents } from '../../core/wire/issues'

export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'refused'

export interface IssueFeedOptions {
  token: string
  /** The last seq the caller already holds (0: replay everything it may see). */
  since?: number
  onEvent(message: IssueEventMessage): void
  onState?(state: FeedState, detail?: string): void
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

export function connectIssueFeed(options: IssueFeedOptions): { close(): void; lastSeq(): number } {
  const gate = createSeqGate(options.since)
  const socket: Socket<ServerToClientEvents> = io({ auth: { token: options.token, since: gate.last }, transports: ['websocket'] })
  options.onState?.('connecting')
  socket.on('issue:event', (m) => {
    if (gate.accept(m.seq)) options.onEvent(m)
  })
  socket.on('replay:done', () => options.onState?.('live'))
  socket.io.on('reconnect_attempt', () => {
    // Ask for what came after the last applied event.
    socket.auth = { token: options.token, since: gate.last }
    options.onState?.('reconnecting')
  })
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') options.onState?.('refused', reason)
    else options.onState?.('reconnecting', reason)
  })
  socket.on('connect_error', (err) => {
    if (err.message.startsWith('unauthorized')) options.onState?.('refused', err.message)
    else options.onState?.('reconnecting', err.message)
  })
  return { close: () => socket.close(), lastSeq: () => gate.last }
}
