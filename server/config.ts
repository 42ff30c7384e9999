// The one place the server reads its configuration: environment variables,
// validated once, with defaults that make `npm start` work on a fresh machine.
import path from 'node:path'
import { z } from 'zod'
import type { Basemap } from '../core/wire/read-api.js'
import { getSharedBuffersKb, SHARED_BUFFERS_RULE } from './db/embedded/shared-buffers.js'
import { getParallelWorkers, PARALLEL_WORKERS_RULE } from './db/parallel-workers.js'
import { DEFAULT_EVALUATION_SETTINGS, SCORED_RATES, type EvaluationSettings, type ScoredRate } from '../core/domain/evaluation-indicators.js'

const basemapKinds = ['none', 'osm', 'tianditu', 'style'] as const

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_SHARED_BUFFERS: z.string().trim().refine((v) => getSharedBuffersKb(v) !== undefined, SHARED_BUFFERS_RULE).optional(),
  DATABASE_PARALLEL_WORKERS: z.string().trim().refine((v) => getParallelWorkers(v) !== undefined, PARALLEL_WORKERS_RULE).optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(365).default(60),
  DEMO_ACTIVITY: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BASEMAP: z.enum(basemapKinds).default('none'),
  BASEMAP_STYLE_URL: z.string().url().optional(),
  TIANDITU_KEY: z.string().min(1).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  FEED_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(15),
  DEMO_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  DEMO_USERS: z.enum(['true', 'false']).optional(),
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) => /^\d{1,2}$/.test(v) || v.split(',').every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p.trim())),
      'a number of proxy hops (1), or a comma-separated list of proxy addresses or subnets (10.0.0.5, 10.1.0.0/16, loopback)',
    )
    .optional(),
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .refine((v) => v.split(/[\s,]+/).filter(Boolean).every((o) => /^https?:\/\/[^\s/]+$/.test(o)), 'origins such as https://bigscreen.example.gov.cn, separated by spaces or commas')
    .optional(),
  EVALUATION_CLOCK: z.enum(['calendar', 'working'], { error: 'calendar or working' }).default('calendar'),
  EVALUATION_WEIGHTS: z
    .string()
    .trim()
    .refine((v) => parseWeights(v) !== undefined, `rate=weight pairs separated by commas, rates among ${SCORED_RATES.join(', ')}, weights 0–100 (closureRatePct=30,satisfactionPct=20)`)
    .optional(),
  ALLOWED_ORIGINS: z
    .string()
    .trim()
    .refine((v) => v.split(/[\s,]+/).filter(Boolean).every((o) => /^https?:\/\/[^\s/]+$/.test(o)), 'origins such as https://gridpulse.example.gov.cn, separated by spaces or commas')
    .optional(),
})

export type { Basemap }

export interface ServerConfig {
  port: number
  host: string
  /** Set: a real PostgreSQL + PostGIS server. Unset: the embedded PGlite + PostGIS. */
  databaseUrl?: string
  /** Set: several processes share the live feed through the Redis Streams adapter (else the Postgres adapter on DATABASE_URL). */
  redisUrl?: string
  /** Data folder of the embedded database. */
  dataDir: string
  /** The embedded engine's shared_buffers (unset: 512MB; server/db/embedded/engine.ts says why). */
  embeddedSharedBuffers?: string
  /** Parallel workers per query on the PostgreSQL server (unset: 0; server/db/parallel-workers.ts says why). */
  parallelWorkers?: number
  seedDemo: boolean
  /** Days of synthetic issue history written with the demo data on a fresh database (0: none). */
  demoHistoryDays: number
  /**
   * The gentle in-process activity (a report every few seconds, simulated staff moving issues on)
   * while the database holds only the synthetic demo: default on with the embedded engine, off with DATABASE_URL.
   */
  demoActivity: boolean
  logLevel: string
  basemap: Basemap
  maxBodyBytes: number
  /** Signs session tokens; unset: a key drawn once and kept in the database. */
  authSecret?: string
  tokenTtlHours: number
  /** The live feed sends at most one batch per this many ms under load (0: every turn of the event loop; realtime/issue-feed.ts). */
  feedCoalesceMs: number
  /** Password of the demo accounts; unset: generated once and kept in DATA_DIR. */
  demoPassword?: string
  /** Create the demo accounts at start: default on the embedded database, off with DATABASE_URL. */
  demoUsers: boolean
  /** Failed logins allowed per address and username in 15 minutes (and per account before it is slowed). */
  loginAttempts: number
  /**
   * Whose X-Forwarded-For to believe (Express's 'trust proxy'): false (unset) — none, the client is
   * the socket's peer; a hop count; or the proxies' addresses.
   */
  trustProxy: false | number | string[]
  /** Origins that may frame the pages (CSP frame-ancestors); empty: none. */
  frameAncestors: string[]
  /** Origins besides the server's own whose pages may open Socket.IO connections. */
  allowedOrigins: string[]
  /** The evaluation pack's clock and combined score weights (core/domain/evaluation-indicators.ts). */
  evaluation: EvaluationSettings
}

/** `closureRatePct=30,satisfactionPct=20`: the named rates' weights over the defaults, or undefined when malformed. */
function parseWeights(v: string): EvaluationSettings['weights'] | undefined {
  const weights = { ...DEFAULT_EVALUATION_SETTINGS.weights }
  for (const pair of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = pair.split('=').map((x) => x.trim())
    const n = Number(value)
    if (!SCORED_RATES.includes(key as ScoredRate) || value === undefined || value === '' || !(n >= 0 && n <= 100)) return undefined
    weights[key as ScoredRate] = n
  }
  return weights
}

/** Reads and validates the configuration; throws one error listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedSharedBuffers: e.EMBEDDED_SHARED_BUFFERS,
    parallelWorkers: e.DATABASE_PARALLEL_WORKERS === undefined ? undefined : getParallelWorkers(e.DATABASE_PARALLEL_WORKERS),
    seedDemo: e.SEED_DEMO === 'true',
    demoHistoryDays: e.DEMO_HISTORY_DAYS,
    demoActivity: e.DEMO_ACTIVITY ? e.DEMO_ACTIVITY === 'true' : !e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    basemap: readBasemap(e),
    maxBodyBytes: e.MAX_BODY_BYTES,
    authSecret: e.AUTH_SECRET,
    tokenTtlHours: e.TOKEN_TTL_HOURS,
    feedCoalesceMs: e.FEED_COALESCE_MS,
    demoPassword: e.DEMO_PASSWORD,
    demoUsers: e.DEMO_USERS ? e.DEMO_USERS === 'true' : !e.DATABASE_URL,
    loginAttempts: e.LOGIN_ATTEMPTS,
    frameAncestors: (e.FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter(Boolean),
    allowedOrigins: (e.ALLOWED_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean),
    evaluation: { clock: e.EVALUATION_CLOCK, weights: e.EVALUATION_WEIGHTS ? parseWeights(e.EVALUATION_WEIGHTS)! : DEFAULT_EVALUATION_SETTINGS.weights },
    trustProxy: !e.TRUST_PROXY ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((p) => p.trim()),
  }
}

function readBasemap(e: z.infer<typeof envSchema>): Basemap {
  switch (e.BASEMAP) {
    case 'osm':
      return { kind: 'osm' }
    case 'tianditu':
      if (!e.TIANDITU_KEY) throw new Error('invalid configuration:\n  TIANDITU_KEY: required when BASEMAP=tianditu')
      return { kind: 'tianditu', key: e.TIANDITU_KEY }
    case 'style':
      if (!e.BASEMAP_STYLE_URL) throw new Error('invalid configuration:\n  BASEMAP_STYLE_URL: required when BASEMAP=style')
      return { kind: 'style', url: e.BASEMAP_STYLE_URL }
    default:
      return { kind: 'none' }
  }
}
