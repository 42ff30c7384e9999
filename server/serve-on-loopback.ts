// Serves the real Express app on 127.0.0.1 at a free port over a given database, quietly:
// for tests and benchmarks, which must not listen beyond this machine.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createApp } from './app.js'
import { readConfig } from './config.js'
import type { Db } from './db/client.js'

export async function serveOnLoopback(db: Db, version = 'test'): Promise<{ url: string; close(): Promise<void> }> {
  const config = { ...readConfig({}), host: '127.0.0.1', port: 0 }
  const app = createApp({ db, config, log: pino({ level: 'silent' }), version })
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
