// Builds the client with Vite when dist/client is missing or older than its sources:
// shared by `npm start` and the e2e suite.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Where the built client goes: dist/client, or CLIENT_BUILD_DIR (parallel test runs each build their own). */
export const CLIENT_BUILD_DIR = process.env.CLIENT_BUILD_DIR ? path.resolve(process.env.CLIENT_BUILD_DIR) : path.join(ROOT, 'dist/client')
const CLIENT_INDEX = path.join(CLIENT_BUILD_DIR, 'index.html')

function getNewestMtime(p: string): number {
  const stat = fs.statSync(p)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((name) => getNewestMtime(path.join(p, name))))
}

export function isClientStale(): boolean {
  if (!fs.existsSync(CLIENT_INDEX)) return true
  const built = fs.statSync(CLIENT_INDEX).mtimeMs
  const sources = ['client', 'core', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(ROOT, p))
  return sources.some((p) => fs.existsSync(p) && getNewestMtime(p) > built)
}

/**
 * The build's environment: always a production build, whatever NODE_ENV the caller runs under. A
 * build started from the test runner inherited NODE_ENV=test, and Vite then built with
 * `import.meta.env.PROD` false — a client without the phone page's service worker.
 */
const BUILD_ENV = { ...process.env, NODE_ENV: 'production' }

/** Runs `vite build` if needed; throws when the build fails. */
export function buildClientIfStale(log: (m: string) => void = console.log): void {
  if (!isClientStale()) return
  log('building the client (vite build)…')
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', CLIENT_BUILD_DIR, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit', env: BUILD_ENV })
  if (result.status !== 0) throw new Error(`vite build failed with exit code ${result.status}`)
}

/** The same build in a child process, so the caller can open the database meanwhile; resolves when done. */
export function buildClientInBackground(log: (m: string) => void = console.log): Promise<void> {
  if (!isClientStale()) return Promise.resolve()
  log('building the client (vite build) in the background…')
  const started = performance.now()
  return new Promise((resolve, reject) => {
    // Errors only: the bundler's timing notes would interleave with the server's progress lines.
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', CLIENT_BUILD_DIR, '--emptyOutDir'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: BUILD_ENV })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`vite build failed with exit code ${code}`))
      log(`client built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      resolve()
    })
  })
}
