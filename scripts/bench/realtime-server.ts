// One GridPulse server process of the realtime bench (started by realtime.ts with fork(), so two
// of them are two real processes, and one can be killed): opens the database it is given — the
// embedded one in a data folder, or a PostgreSQL server — serves on 127.0.0.1, and answers the
// bench over IPC: its URL, then on request its memory, the relay's lag behind the log and the
// time of the replay query on the log as it stands.
import { openDb } from '../../server/db/client.js'
import { selectEventsAfter, selectHeadSeq } from '../../server/db/queries/issue-events.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'

export interface ServerProcessConfig {
  databaseUrl?: string
  /** The embedded engine's data folder (when no databaseUrl). */
  dataDir: string
  redisUrl?: string
}

export interface ServerStats {
  pid: number
  rssMb: number
  heapMb: number
  headSeq: number
  relayedSeq: number
  /** Replay query of the last 100 events of the log (what a reconnecting console asks). */
  logQueryMs: number
}

export type ServerMessage = { type: 'ready'; url: string; adapter?: string } | { type: 'stats'; stats: ServerStats } | { type: 'error'; message: string }

const config = JSON.parse(process.env.GRIDPULSE_BENCH_SERVER ?? '{}') as ServerProcessConfig
const send = (m: ServerMessage) => process.send!(m)

try {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false })
  const app = await serveOnLoopback(db, { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl })
  process.on('message', (m: { type: 'stats' | 'close' }) => {
    if (m.type === 'close') {
      void app
        .close()
        .then(() => db.close())
        .finally(() => process.exit(0))
      return
    }
    void (async () => {
      const head = await selectHeadSeq(db.sql)
      const t0 = performance.now()
      await selectEventsAfter(db.sql, { after: Math.max(0, head - 100), upTo: head, room: 'all', limit: 500 })
      const logQueryMs = performance.now() - t0
      const mem = process.memoryUsage()
      send({
        type: 'stats',
        stats: { pid: process.pid, rssMb: mem.rss / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20, headSeq: head, relayedSeq: app.feed.getRelayedSeq(), logQueryMs },
      })
    })()
  })
  send({ type: 'ready', url: app.url, adapter: app.adapter })
} catch (err) {
  send({ type: 'error', message: (err as Error).message })
  process.exit(1)
}
