// `npm start`: builds the client if it is missing or older than its sources (in the background,
// while the database opens), starts the server (API, tiles and client from one process), prints
// each phase as it starts and, once listening, where to go and how to log in; stops cleanly on Ctrl-C.
import { startServer } from '../server/index.js'
import { buildClientInBackground } from './lib/build-client.js'
import { formatStartSummary } from './lib/start-summary.js'

if (process.argv.includes('--help')) {
  console.log(`Usage: npm start
Builds the client (dist/client) if needed, opens the database (DATABASE_URL, or the embedded PostGIS in
DATA_DIR), seeds the demo data and its history on an empty database and serves the app on http://HOST:PORT.
Environment variables: see README.md.`)
  process.exit(0)
}

const started = performance.now()
const say = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${m}`)

try {
  const build = buildClientInBackground(say)
  // An unawaited rejection would end the process before startServer reports; it is awaited below.
  build.catch(() => {})
  const server = await startServer({}, undefined, { progress: say, beforeServe: build })
  console.log(formatStartSummary(server, (performance.now() - started) / 1000))
  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
