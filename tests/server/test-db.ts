// Connects a test file to the run's database (see global-setup.ts) as the server would.
import { inject } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'

/** One connection by default; a pool of `maxConnections` on a real server (the embedded engine is always one). */
export async function connectTestDb(maxConnections = 1): Promise<Db> {
  const embedded = inject('dbEngine') === 'embedded'
  const db = await openDb({ databaseUrl: inject('databaseUrl'), dataDir: '', maxConnections: embedded ? 1 : maxConnections, migrate: false })
  return { ...db, engine: inject('dbEngine') }
}
