// `npm start`: builds the client if it is missing or older than its sources, then starts the
// server (API, tiles and client from one process) and stops it cleanly on Ctrl-C.
import { startServer } from '../server/index.js'
import { buildClientIfStale } from './lib/build-client.js'

if (process.argv.includes('--help')) {
  console.log(`Usage: npm start
Builds the client (dist/client) if needed, opens the database (DATABASE_URL, or the embedded PostGIS in
DATA_DIR), seeds the demo data on an empty database and serves the app on http://HOST:PORT.
Environment variables: see README.md.`)
  process.exit(0)
}

try {
  buildClientIfStale()
  const server = await startServer()
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
