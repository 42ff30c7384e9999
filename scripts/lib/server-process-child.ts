// One GridPulse server as a process of its own (started by server-process.ts with fork(), for the
// realtime bench and the tests that kill a process): opens the database it is given — the
// embedded one in a data folder, or a PostgreSQL server — serves on 127.0.0.1, and answers over
// IPC: its URL, then on request its memory, the relay's lag behind the log and the time of the
// replay query on the log as it stands.
import { createDemoUsers } from '../../server/auth/demo-users.js'
import { openDb } from '../../server/db/client.js'
import { seedDemo } from '../../server/import/seed-demo.js'
import { selectEventsAfter, selectHeadSeq } from '../../server/db/queries/issue-events.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { SERVER_PROCESS_ENV, type ServerMessage, type ServerProcessConfig } from './server-process.js'

const config = JSON.parse(process.env[SERVER_PROCESS_ENV] ?? '{}') as ServerProcessConfig
const send = (m: ServerMessage) => process.send!(m)

try {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: !!config.seedWithPassword })
  if (config.seedWithPassword) {
    await seedDemo(db.sql)
    await createDemoUsers(db.sql, config.seedWithPassword)
  }
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
      globalThis.gc?.()
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
