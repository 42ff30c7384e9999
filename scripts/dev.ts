// `npm run dev`: the API server (PORT, default 3000) and Vite's dev server with hot reload
// (5173, proxying /api and /tiles to it) in one process.
import { createServer } from 'vite'
import { startServer } from '../server/index.js'

if (process.argv.includes('--help')) {
  console.log(`Usage: npm run dev
Starts the server as npm start does (without building the client) and Vite's dev server on
http://127.0.0.1:5173 with hot reload; /api and /tiles are proxied to the server.`)
  process.exit(0)
}

const server = await startServer()
const vite = await createServer({ configFile: 'vite.config.ts', server: { host: '127.0.0.1', port: 5173 } })
await vite.listen()
vite.printUrls()
const stop = async () => {
  await vite.close()
  await server.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
