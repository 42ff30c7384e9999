// Serves the whole app (API, tiles, login, issues, Socket.IO) on 127.0.0.1 at a free port over a
// given database, quietly: for tests and benchmarks, which must not listen beyond this machine.
import pino from 'pino'
import { readConfig, type ServerConfig } from './config.js'
import type { Db } from './db/client.js'
import { serveApp, type ServeOptions, type ServedApp } from './http-server.js'

export async function serveOnLoopback(
  db: Db,
  overrides: Partial<ServerConfig> & { version?: string } = {},
  options: Pick<ServeOptions, 'figureRollupPeriodMs' | 'maxReplayEvents' | 'recentEvents' | 'clientDir'> = {},
): Promise<ServedApp> {
  const { version = 'test', ...config } = overrides
  return serveApp({
    db,
    config: { ...readConfig({}), ...config, host: '127.0.0.1', port: config.port ?? 0 },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    version,
    ...options,
  })
}
