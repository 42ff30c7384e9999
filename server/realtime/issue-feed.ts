// The live issue feed. Every process relays the event log to its own sockets in seq order:
// after a local commit (straight from memory when that event is next in line), after another
// process says it committed (serverSideEmit through the adapter, carrying the events when they
// are small, else the receiver reads the log), and on a slow poll as a safety net. Seqs are
// gapless and seq order is commit order, so once the relay has emitted n nothing below n can
// still appear: delivery is ordered and complete.
// A connecting socket is replayed everything after its `since` that its room may see (up to
// MAX_REPLAY_EVENTS; further back, it is told to reload its snapshot) — from memory when the last
// events relayed here still hold it (recent-events.ts), else from the log — then joins the room in the
// same tick the relay's position is checked, so no event falls between replay and live; a `since` ahead of the relay (a snapshot read after events the relay has not emitted yet)
// first brings the relay past it.
//
// Sending: the commits that land in one turn of the event loop are relayed together (the relay
// runs on setImmediate) — and under load, those of up to `coalesceMs` (FEED_COALESCE_MS, 15 by
// default): a relay less than that after the last one waits for the rest of the window. A feed
// that was quiet sends at once; at 100 reports/s to 200 sockets the window cut the server's CPU by
// 15–24 % and the clients' by 20–30 % (fewer frames, each written to every socket), for ~5 ms more
// receipt p50 (README › Benchmarks › The live feed, *Fewer frames*). A socket that asked for the batch form gets them as ONE
// `issue:events` frame per room, encoded once for all the room's sockets; older clients get one
// `issue:event` per event in a room of their own. A commit whose predecessor's answer has not
// reached this process yet waits for it a few milliseconds rather than reading the log at once.
import type { Logger } from 'pino'
import type { Server, Socket } from 'socket.io'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import type {
  ClientToServerEvents,
  IssueChange,
  IssueEventMessage,
  ServerToClientEvents,
  SessionUser,
  SocketAuth,
} from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { selectEventsAfter, selectHeadSeq, type EventRow } from '../db/queries/issue-events.js'
import { RecentEvents } from './recent-events.js'
import { authenticateSocket } from './socket-auth.js'

export type FeedServer = Server<ClientToServerEvents, ServerToClientEvents>
interface SocketData {
  session: SessionUser
  /** The session's scope (core/domain/issue-scope.ts). */
  room: string
  /** The Socket.IO room joined: the scope itself for the batch form, a room of its own for the single form. */
  feedRoom: string
  batch: boolean
  wallTokenId?: string
}
type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

/** What the feed needs of a handshake token. */
export interface VerifiedToken extends SessionUser {
  expiresAt?: Date
  wallTokenId?: string
}

const BATCH = 500
/**
 * The most a connecting socket is replayed. A `since` further back (a client away for hours on a
 * city's feed, or one that asks from 0 on a year's log) gets `replay:done` with `stale: true`
 * instead, and reloads its snapshot: a snapshot is one query, ten thousand events are not.
 */
export const MAX_REPLAY_EVENTS = 10_000
/** Inter-server message: the events a process committed in one turn (or, when they are large, only that it did). */
const COMMITTED = 'issues:committed'
/** Events are carried in the message while they fit a PostgreSQL NOTIFY (8,000 bytes) with room to spare; beyond, the others read the log. */
const CARRY_BYTES = 6000

interface CommittedNotice {
  events?: Relayed[]
}
/** How long a local commit waits for a missing predecessor before the relay reads the log. */
const GAP_WAIT_MS = 20

/** The Socket.IO room of a scope for a form: single-form sockets sit apart, so each form gets one frame per event or per batch. */
function getFeedRoom(scope: string, batch: boolean): string {
  return batch ? scope : `single:${scope}`
}

interface Relayed {
  message: IssueEventMessage
  rooms: string[]
}

export interface IssueFeedOptions {
  sql: Sql
  log: Logger
  /** Verifies a handshake token; throws for a bad one. */
  authenticate(token: string): Promise<VerifiedToken>
  /** The least time between two relays while commits keep coming, in ms (0: every turn of the event loop). */
  coalesceMs?: number
  /** Safety-net poll of the log head, in ms (0: off). */
  pollMs?: number
  /** Whether other processes may be listening (the cluster adapter's count): each turn's commits are told to them through it. */
  hasPeers?: () => boolean
  /** The most a connecting socket is replayed (default MAX_REPLAY_EVENTS). */
  maxReplayEvents?: number
  /** How many of the last relayed events are held for replays from memory (default RECENT_EVENTS). */
  recentEvents?: number
  /** Each run of events as it is relayed here, in seq order (live closures watch it: closure-feed.ts). */
  onRelayed?(messages: IssueEventMessage[]): void
}

function toChange(m: IssueEventMessage): IssueChange {
  return { seq: m.seq, type: m.event.type, issue: m.issue }
}

function fromRow(row: EventRow): IssueEventMessage {
  return { seq: Number(row.seq), event: row.event, issue: row.issue! }
}

export function createIssueFeed({ sql, log, authenticate, coalesceMs = 0, pollMs = 1000, hasPeers = () => false, maxReplayEvents = MAX_REPLAY_EVENTS, recentEvents, onRelayed }: IssueFeedOptions) {
  let io: FeedServer | undefined
  let relayedSeq = 0
  let running: Promise<void> | undefined
  let again = false
  let scheduled = false
  /** When the relay last ran for commits (performance.now()). */
  let lastRelay = -Infinity
  /** Commits made here that the other processes have not been told of. */
  let unannounced: Relayed[] = []
  /** Another process (or the poll) says the log may hold events this process has not seen. */
  let readLog = false
  let timer: NodeJS.Timeout | undefined
  let gapTimer: NodeJS.Timeout | undefined
  let coalesceTimer: NodeJS.Timeout | undefined
  /** Events committed here or carried from another process, waiting for their turn: seqs have no gaps, so n+1 follows n. */
  const local = new Map<number, Relayed>()
  /** The last events relayed, for replays within reach of memory (recent-events.ts). */
  const recent = new RecentEvents(recentEvents)

  /** Sends events (consecutive, after relayedSeq) to the local sockets of their rooms: one frame per room for the batch form. */
  function send(events: Relayed[]): void {
    if (events.length === 0) return
    // Only rooms with a socket here: each emit encodes its packet, listened to or not.
    const occupied = io!.sockets.adapter.rooms
    const batches = new Map<string, IssueChange[]>()
    for (const { message, rooms } of events) {
      const single = rooms.map((r) => getFeedRoom(r, false)).filter((r) => occupied.has(r))
      if (single.length) io!.local.to(single).emit('issue:event', message)
      let change: IssueChange | undefined
      for (const room of rooms) {
        if (!occupied.has(room)) continue
        change ??= toChange(message)
        const list = batches.get(room)
        if (list) list.push(change)
        else batches.set(room, [change])
      }
    }
    for (const [room, changes] of batches) io!.local.to(room).emit('issue:events', changes)
    relayedSeq = events[events.length - 1].message.seq
    recent.add(events)
    try {
      onRelayed?.(events.map((e) => e.message))
    } catch (err) {
      log.warn({ err }, 'a watcher of the relayed events failed')
    }
  }

  /** The events committed here that follow relayedSeq without a gap. */
  function takeLocalRun(): Relayed[] {
    const run: Relayed[] = []
    for (let next = local.get(relayedSeq + 1 + run.length); next; next = local.get(relayedSeq + 1 + run.length)) {
      local.delete(next.message.seq)
      run.push(next)
    }
    return run
  }

  /**
   * Emits every committed event after relayedSeq to the local sockets of its rooms, in order:
   * straight from memory while the next seq was committed here, from the log when it was not.
   */
  async function relay(): Promise<void> {
    if (!io) return
    for (;;) {
      send(takeLocalRun())
      for (const seq of local.keys()) if (seq <= relayedSeq) local.delete(seq)
      if (!readLog) {
        // A later event whose predecessor is not here yet: its commit's answer is on its way (or
        // another process's notice is); read the log only if it is late.
        if (local.size > 0 && !gapTimer) {
          gapTimer = setTimeout(() => {
            gapTimer = undefined
            if (local.size === 0) return
            readLog = true
            schedule()
          }, GAP_WAIT_MS)
          gapTimer.unref()
        }
        return
      }
      readLog = false
      const head = await selectHeadSeq(sql)
      if (head <= relayedSeq) continue
      const rows = await selectEventsAfter(sql, { after: relayedSeq, upTo: head, limit: BATCH })
      send(rows.map((row) => ({ message: fromRow(row), rooms: row.rooms })))
      if (rows.length === BATCH) readLog = true
    }
  }

  /** Runs the relay now (or once more after the running pass); resolves when it has caught up. */
  function poke(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await relay()
        } while (again)
      } catch (err) {
        log.error({ err }, 'issue feed relay failed')
      } finally {
        running = undefined
      }
    })()
    return running
  }

  /** Runs the relay once at the end of this turn of the event loop (or of the coalescing window), for every commit that landed in it. */
  function schedule(): void {
    if (scheduled) return
    scheduled = true
    const run = () => {
      scheduled = false
      lastRelay = performance.now()
      if (unannounced.length) announce()
      void poke()
    }
    const wait = lastRelay + coalesceMs - performance.now()
    if (wait > 0) coalesceTimer = setTimeout(run, wait)
    else setImmediate(run)
  }

  /** Tells the other processes of this turn's commits in one message, carrying the events when they are small. */
  function announce(): void {
    const events = unannounced
    unannounced = []
    const notice: CommittedNotice = JSON.stringify(events).length <= CARRY_BYTES ? { events } : {}
    try {
      io?.serverSideEmit(COMMITTED as never, notice as never)
    } catch (err) {
      log.warn({ err }, 'could not notify the other processes')
    }
  }

  /** Another process committed: relay what it carried from memory (in seq order with ours), or read the log. */
  function onCommittedElsewhere(notice: CommittedNotice | undefined): void {
    if (notice?.events) {
      for (const e of notice.events) if (e.message.seq > relayedSeq) local.set(e.message.seq, e)
    } else {
      readLog = true
    }
    schedule()
  }

  async function onConnection(socket: FeedSocket): Promise<void> {
    const { room, feedRoom, batch } = socket.data
    // A page that listens for something else (the closures on /plan) asks for no issue feed.
    if ((socket.handshake.auth as SocketAuth).feed === false) return
    const since = Number((socket.handshake.auth as SocketAuth).since ?? 0)
    let from = Number.isFinite(since) && since > 0 ? since : 0
    let replayed = 0
    try {
      // A client may hold events the relay has not emitted yet (its snapshot was read after they
      // committed): bring the relay past its `since` first, or they would reach it again, live.
      if (from > relayedSeq) {
        readLog = true
        await poke()
      }
      const stale = () => socket.emit('replay:done', { lastSeq: relayedSeq, replayed, stale: true })
      if (relayedSeq - from > maxReplayEvents) return void stale()
      const emitReplay = (messages: IssueEventMessage[]) => {
        if (batch) {
          for (let i = 0; i < messages.length; i += BATCH) socket.emit('issue:events', messages.slice(i, i + BATCH).map(toChange))
        } else {
          for (const m of messages) socket.emit('issue:event', m)
        }
        replayed += messages.length
      }
      for (;;) {
        const upTo = relayedSeq
        // Within reach of memory: replayed and joined in this turn, no query.
        const held = recent.last === upTo ? recent.after(from, room) : undefined
        if (held) {
          if (!socket.connected) return
          emitReplay(held)
          socket.join(feedRoom)
          socket.emit('replay:done', { lastSeq: upTo, replayed })
          return
        }
        while (from < upTo) {
          const rows = await selectEventsAfter(sql, { after: from, upTo, room, limit: BATCH })
          if (rows.some((r) => r.issue === null)) return void stale()
          emitReplay(rows.map(fromRow))
          from = rows.length === BATCH ? Number(rows[rows.length - 1].seq) : upTo
        }
        if (!socket.connected) return
        // Same tick as the check: the relay cannot emit between it and the join.
        if (relayedSeq === upTo) {
          socket.join(feedRoom)
          socket.emit('replay:done', { lastSeq: upTo, replayed })
          return
        }
        // The relay moved on while the log was read: the rest is in memory unless it ran far ahead.
      }
    } catch (err) {
      log.error({ err }, 'replay failed')
      socket.disconnect(true)
    }
  }

  return {
    /** Binds the feed to a Socket.IO server: authentication, replay, and the relay. */
    async attach(server: FeedServer): Promise<void> {
      io = server
      relayedSeq = await selectHeadSeq(sql)
      recent.startAt(relayedSeq)
      server.use((socket, next) => {
        const { token, since, batch } = socket.handshake.auth as Partial<SocketAuth>
        if (token && since !== undefined && !(Number.isInteger(since) && since >= 0)) return next(new Error('bad request: since must be a non-negative integer'))
        if (token && batch !== undefined && typeof batch !== 'boolean') return next(new Error('bad request: batch must be true or false'))
        const { feed } = socket.handshake.auth as Partial<SocketAuth>
        if (token && feed !== undefined && typeof feed !== 'boolean') return next(new Error('bad request: feed must be true or false'))
        authenticateSocket(
          socket,
          authenticate,
          ({ expiresAt: _expiresAt, wallTokenId, ...session }) => {
            const room = getSessionRoom(session)
            socket.data = { session, room, feedRoom: getFeedRoom(room, batch === true), batch: batch === true, wallTokenId }
          },
          next,
        )
      })
      server.on('connection', (socket) => void onConnection(socket as FeedSocket))
      server.on(COMMITTED as never, onCommittedElsewhere as never)
      if (pollMs > 0) {
        timer = setInterval(() => {
          readLog = true
          schedule()
        }, pollMs)
        timer.unref()
      }
    },
    /** After a local commit: relay it here at the end of this turn, and tell the other processes to read the log. */
    committed(message: IssueEventMessage, rooms: string[]): void {
      if (!io) return
      local.set(message.seq, { message, rooms })
      if (hasPeers()) unannounced.push({ message, rooms })
      schedule()
    },
    poke,
    /** Disconnects the sockets of a revoked wall token, in every process. */
    disconnectWallToken(id: string): void {
      io?.fetchSockets().then(
        (sockets) => {
          for (const s of sockets) if ((s.data as SocketData).wallTokenId === id) s.disconnect(true)
        },
        (err: Error) => log.warn({ err }, 'could not disconnect a revoked wall token'),
      )
    },
    /** Ends the live sockets of a user whose sessions were revoked (a logout), in this process. */
    disconnectUser(username: string): void {
      io?.fetchSockets().then(
        (sockets) => {
          for (const s of sockets) if ((s.data as SocketData).session?.username === username && !(s.data as SocketData).wallTokenId) s.disconnect(true)
        },
        (err: Error) => log.warn({ err }, 'could not disconnect a revoked session'),
      )
    },
    /** The seq this process has relayed up to. */
    getRelayedSeq: () => relayedSeq,
    close(): void {
      if (timer) clearInterval(timer)
      if (gapTimer) clearTimeout(gapTimer)
      if (coalesceTimer) clearTimeout(coalesceTimer)
      io = undefined
    },
  }
}

export type IssueFeed = ReturnType<typeof createIssueFeed>
