// What every CLI shares: parsing flags with node's parseArgs, opening the configured
// database, and a progress bar on stderr.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import cliProgress from 'cli-progress'
import { readConfig } from '../../server/config.js'
import { openDb, type Db } from '../../server/db/client.js'

/** Parses argv; prints usage and exits on --help or a bad flag. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: T, allowPositionals = false) {
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: 'boolean' } }, allowPositionals, strict: true })
    if ((parsed.values as Record<string, unknown>).help) {
      console.log(usage)
      process.exit(0)
    }
    return parsed
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`)
    process.exit(2)
  }
}

/** Opens the database the server would use (DATABASE_URL or the embedded one in DATA_DIR). */
export async function openConfiguredDb(): Promise<Db> {
  const config = readConfig()
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedSharedBuffers: config.embeddedSharedBuffers, parallelWorkers: config.parallelWorkers, onProgress: (m) => console.error(m) })
}

/** Opens it, or ends the CLI through `fail` with why in one line. */
export async function openConfiguredDbOrFail(fail: (message: string) => never): Promise<Db> {
  try {
    return await openConfiguredDb()
  } catch (err) {
    return fail(`cannot open the database: ${(err as Error).message.split('\n')[0]}`)
  }
}

/** A progress bar that only draws on a terminal, and a plain line otherwise. */
export function createProgressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, noTTYOutput: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done: number, total: number) {
      if (!process.stderr.isTTY) return
      if (!started) {
        bar.start(total, 0)
        started = true
      }
      bar.update(done)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
