// Before the browser suite: build the client if needed and start from a new embedded database
// folder, which the suite's servers then share (seeded once, by the first).
import fs from 'node:fs'
import path from 'node:path'
import { buildClientIfStale } from '../../scripts/lib/build-client.js'

export default function setup() {
  buildClientIfStale()
  fs.rmSync(path.resolve(process.env.E2E_DATA_DIR ?? '.data/test-e2e'), { recursive: true, force: true })
}
