// Live closures over the feed: whenever an event of an issue of a closing kind or one marked as
// blocking passage passes the relay (core/domain/passage-closures.ts — reported, marked, moved on,
// closed), the open closures are read again,
// their cost measured in the coverage worker, and the answer sent to every socket that may see
// coverage (the `closures` event), each with its own area's share. A burst of events is one
// refresh (REFRESH_DELAY_MS). Every process relays every event, so each process refreshes its own
// sockets: nothing more to share between processes. A data import (npm run import, another process)
// sends no event: the figures are measured again at the next ask after it (GET /api/closures, a new
// socket), and sent to every room then.
import type { Server, Socket } from 'socket.io'
import type { Logger } from 'pino'
import { isClosureKind, PASSAGE_EVENT } from '../../core/domain/passage-closures.js'
import { scopeClosures, type ClosuresResponse } from '../../core/wire/closures.js'
import type { IssueEventMessage, SessionUser } from '../../core/wire/issues.js'
import type { CoverageService } from '../coverage/coverage-service.js'
import type { Sql } from '../db/client.js'
import { selectOpenClosures } from '../db/queries/closures.js'
import { getAllDataVersions } from '../db/queries/health.js'
import { COVERAGE_READERS, seesOnlyOwnArea } from '../routes/access.js'

/** How long a refresh waits for more events of the same burst (a storm floods several streets in a minute). */
const REFRESH_DELAY_MS = 50

/** The room of the sockets that see the closures of `area` (null: the whole district). */
const roomOf = (area: string | null) => `closures:${area ?? '*'}`

/** The area a session's closures are cut to, or null for the whole district. */
export function closureAreaOf(session: SessionUser): string | null {
  return seesOnlyOwnArea(session) ? session.area : null
}

export function createClosureFeed({ sql, coverage, log }: { sql: Sql; coverage: CoverageService; log: Logger }) {
  let io: Server | undefined
  let latest: Promise<ClosuresResponse> | undefined
  let timer: NodeJS.Timeout | undefined

  const measure = async (): Promise<ClosuresResponse> => coverage.closures(await selectOpenClosures(sql))

  /** Measures again and sends the answer to every closures room here. */
  function refresh(): Promise<ClosuresResponse> {
    const next = measure()
    latest = next
    next.then(
      (figures) => {
        if (latest !== next || !io) return
        for (const room of io.sockets.adapter.rooms.keys()) {
          if (!room.startsWith('closures:')) continue
          const area = room.slice('closures:'.length)
          io.local.to(room).emit('closures', scopeClosures(figures, area === '*' ? null : area))
        }
      },
      (err: Error) => log.warn({ err }, 'closures: measuring the open closures failed'),
    )
    return next
  }

  return {
    /**
     * The open closures and their cost now: measured at the first ask, after each change of a
     * closure, and again — sent to every room too — when the data (areas, stations, homes, network)
     * was imported anew since they were measured.
     */
    async current(): Promise<ClosuresResponse> {
      if (!latest) return refresh()
      const figures = await latest.catch(() => undefined)
      if (!figures) return refresh()
      if (figures.dataVersion !== null && figures.dataVersion !== (await getAllDataVersions(sql))) return refresh()
      return figures
    },

    /** Events that passed the relay: a closing kind's among them means the closures may have changed. */
    relayed(messages: readonly IssueEventMessage[]): void {
      // An old event read back from the log may carry no issue (the bulk history keeps the last days' only).
      if (!messages.some((m) => m.event.type === PASSAGE_EVENT || (m.issue && (isClosureKind(m.issue.category) || m.issue.blocksPassage)))) return
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        void refresh()
      }, REFRESH_DELAY_MS)
      timer.unref()
    },

    /** Puts each new socket that may see coverage in its closures room and sends it the figures as they stand. */
    attach(server: Server): void {
      io = server
      server.on('connection', (socket: Socket) => {
        const session = (socket.data as { session?: SessionUser }).session
        if (!session || !COVERAGE_READERS.includes(session.role)) return
        const area = closureAreaOf(session)
        void socket.join(roomOf(area))
        this.current().then(
          (figures) => socket.connected && socket.emit('closures', scopeClosures(figures, area)),
          (err: Error) => log.warn({ err }, 'closures: measuring the open closures failed'),
        )
      })
    },

    close(): void {
      if (timer) clearTimeout(timer)
      io = undefined
    },
  }
}

export type ClosureFeed = ReturnType<typeof createClosureFeed>
