// Connects a test file to the run's database (see global-setup.ts) as the server would.
import { inject } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'

export async function connectTestDb(): Promise<Db> {
  const db = await openDb({ databaseUrl: inject('databaseUrl'), dataDir: '', maxConnections: 1, migrate: false })
  return { ...db, engine: inject('dbEngine') }
}
