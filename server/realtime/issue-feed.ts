// The live issue feed. Every process relays the event log to its own sockets in seq order:
// after a local commit (straight from memory when that event is next in line), after another
// process says it committed (serverSideEmit through the adapter: then it reads the log), and
// on a slow poll as a safety net. Seqs are gapless and seq order is commit order, so once the
// relay has emitted n nothing below n can still appear: delivery is ordered and complete. A connecting socket is replayed
// everything after its `since` that its room may see, then joins the room in the same tick the
// relay's position is checked, so no event falls between replay and live; a `since` ahead of the
// relay (a snapshot read after events the relay has not emitted yet) first brings the relay past it.
import type { Logger } from 'pino'
import type { Server, Socket } from 'socket.io'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import type { ClientToServerEvents, IssueEventMessage, ServerToClientEvents, SessionUser, SocketAuth } from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { selectEventsAfter, selectHeadSeq } from '../db/queries/issue-events.js'
import { authenticateSocket } from './socket-auth.js'

export type FeedServer = Server<ClientToServerEvents, ServerToClientEvents>
interface SocketData {
  session: SessionUser
  room: string
  wallTokenId?: string
}
type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

/** What the feed needs of a handshake token. */
export interface VerifiedToken extends SessionUser {
  expiresAt?: Date
  wallTokenId?: string
}

const BATCH = 500
/** Inter-server message: "I committed up to seq n". */
const COMMITTED = 'issues:committed'

export interface IssueFeedOptions {
  sql: Sql
  log: Logger
  /** Verifies a handshake token; throws for a bad one. */
  authenticate(token: string): Promise<VerifiedToken>
  /** Safety-net poll of the log head, in ms (0: off). */
  pollMs?: number
  /** Tell the other processes (through the cluster adapter) after each commit. */
  shareCommits?: boolean
}

export function createIssueFeed({ sql, log, authenticate, pollMs = 1000, shareCommits = false }: IssueFeedOptions) {
  let io: FeedServer | undefined
  let relayedSeq = 0
  let running: Promise<void> | undefined
  let again = false
  /** Another process (or the poll) says the log may hold events this process has not seen. */
  let readLog = false
  let timer: NodeJS.Timeout | undefined
  /** Events committed here, waiting for their turn: seqs have no gaps, so n+1 follows n. */
  const local = new Map<number, { message: IssueEventMessage; rooms: string[] }>()

  function emit(message: IssueEventMessage, rooms: string[]): void {
    io!.local.to(rooms).emit('issue:event', message)
    relayedSeq = message.seq
  }

  /**
   * Emits every committed event after relayedSeq to the local sockets of its rooms, in order:
   * straight from memory while the next seq was committed here, from the log when it was not.
   */
  async function relay(): Promise<void> {
    if (!io) return
    for (;;) {
      for (let next = local.get(relayedSeq + 1); next; next = local.get(relayedSeq + 1)) {
        local.delete(next.message.seq)
        emit(next.message, next.rooms)
      }
      for (const seq of local.keys()) if (seq <= relayedSeq) local.delete(seq)
      if (local.size === 0 && !readLog) return
      readLog = false
      const head = await selectHeadSeq(sql)
      if (head <= relayedSeq) return
      const rows = await selectEventsAfter(sql, { after: relayedSeq, upTo: head, limit: BATCH })
      for (const row of rows) {
        local.delete(Number(row.seq))
        emit({ seq: Number(row.seq), event: row.event, issue: row.issue }, row.rooms)
      }
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

  async function onConnection(socket: FeedSocket): Promise<void> {
    const { room } = socket.data
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
      for (;;) {
        const upTo = relayedSeq
        while (from < upTo) {
          const rows = await selectEventsAfter(sql, { after: from, upTo, room, limit: BATCH })
          for (const row of rows) socket.emit('issue:event', { seq: Number(row.seq), event: row.event, issue: row.issue })
          replayed += rows.length
          from = rows.length === BATCH ? Number(rows[rows.length - 1].seq) : upTo
        }
        if (!socket.connected) return
        // Same tick as the check: the relay cannot emit between it and the join.
        if (relayedSeq === upTo) {
          socket.join(room)
          socket.emit('replay:done', { lastSeq: upTo, replayed })
          return
        }
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
      server.use((socket, next) => {
        const { token, since } = socket.handshake.auth as Partial<SocketAuth>
        if (token && since !== undefined && !(Number.isInteger(since) && since >= 0)) return next(new Error('bad request: since must be a non-negative integer'))
        authenticateSocket(
          socket,
          authenticate,
          ({ expiresAt: _expiresAt, wallTokenId, ...session }) => {
            socket.data = { session, room: getSessionRoom(session), wallTokenId }
          },
          next,
        )
      })
      server.on('connection', (socket) => void onConnection(socket as FeedSocket))
      server.on(COMMITTED as never, () => {
        readLog = true
        void poke()
      })
      if (pollMs > 0) {
        timer = setInterval(() => {
          readLog = true
          void poke()
        }, pollMs)
        timer.unref()
      }
    },
    /** After a local commit: relay it here, and tell the other processes to read the log. */
    async committed(message: IssueEventMessage, rooms: string[]): Promise<void> {
      if (!io) return
      local.set(message.seq, { message, rooms })
      if (shareCommits) {
        try {
          io.serverSideEmit(COMMITTED as never)
        } catch (err) {
          log.warn({ err }, 'could not notify the other processes')
        }
      }
      await poke()
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
    /** The seq this process has relayed up to. */
    getRelayedSeq: () => relayedSeq,
    close(): void {
      if (timer) clearInterval(timer)
      io = undefined
    },
  }
}

export type IssueFeed = ReturnType<typeof createIssueFeed>
