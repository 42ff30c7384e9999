// The embedded engine's shared_buffers (EMBEDDED_SHARED_BUFFERS): checked in one place, for the
// server's configuration and for every other starter of the engine (CLIs, tests, benches).
// Why 512 MB by default: engine.ts. At most 1 GB: PGlite's WebAssembly memory is 2 GB in all, and a
// fresh engine with 512 MB already holds about 1.3 GB.

export const DEFAULT_EMBEDDED_SHARED_BUFFERS = '512MB'
export const SHARED_BUFFERS_RULE = "a size from 128kB to 1GB, such as 256MB (PGlite's memory is at most 2 GB in all)"

const UNIT_KB = { kB: 1, MB: 1024, GB: 1024 * 1024 } as const

/** The size in kB of a value written as PostgreSQL takes it (a whole number and kB, MB or GB), when within 128kB–1GB. */
export function getSharedBuffersKb(value: string): number | undefined {
  const m = /^([1-9]\d{0,7})(kB|MB|GB)$/.exec(value.trim())
  if (!m) return undefined
  const kb = Number(m[1]) * UNIT_KB[m[2] as keyof typeof UNIT_KB]
  return kb >= 128 && kb <= 1024 * 1024 ? kb : undefined
}

/** EMBEDDED_SHARED_BUFFERS when set (a bad value is an error naming it), else the default. */
export function readEmbeddedSharedBuffers(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.EMBEDDED_SHARED_BUFFERS?.trim()
  if (!value) return DEFAULT_EMBEDDED_SHARED_BUFFERS
  if (getSharedBuffersKb(value) === undefined) throw new Error(`invalid configuration:\n  EMBEDDED_SHARED_BUFFERS: ${SHARED_BUFFERS_RULE}`)
  return value
}
