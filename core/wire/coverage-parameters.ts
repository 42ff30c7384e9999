// The coverage question's parameters and their rules, in one place: which facility types count,
// the walk (minutes, speed, detour), the level of areas reported and the target share. The API
// (GET /api/coverage, POST /api/coverage/suggest), the /plan page's store and URL, its settings
// fields and its Web Worker all read their bounds and defaults from here.
import { z } from 'zod'
import { DEFAULT_DETOUR_FACTOR, DEFAULT_WALK_SPEED_METERS_PER_MINUTE } from '../analysis/get-service-radius.js'
import { facilityTypeCodeSchema } from '../domain/facilities.js'

export const COVERAGE_LEVELS = ['grid', 'community', 'street'] as const
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number]

/**
 * How a walk is measured: along the walking network (minutes × speed, metres walked on the streets
 * plus the straight walk to them), or as a circle (minutes × speed ÷ detour, straight line). The
 * network is the default wherever one is loaded (npm run import -- FILE --kind roads).
 */
export const COVERAGE_METRICS = ['network', 'circle'] as const
export type CoverageMetric = (typeof COVERAGE_METRICS)[number]

/**
 * On the walking network, whether the open live closures (core/domain/passage-closures.ts) take
 * their streets out of the walk: `open` (the default) answers for the city as it stands today,
 * `none` for the whole network as built.
 */
export const CLOSURE_MODES = ['open', 'none'] as const
export type ClosureMode = (typeof CLOSURE_MODES)[number]

/** The walk a planner may ask about, inclusive: up to an hour, a slow shuffle to a brisk run, a detour of up to 3×. */
export const COVERAGE_BOUNDS = {
  minutes: { min: 1, max: 60 },
  speedMetersPerMinute: { min: 20, max: 200 },
  detourFactor: { min: 1, max: 3 },
  targetPct: { min: 0, max: 100 },
} as const

/** The most facility types one question may name. */
export const MAX_COVERAGE_TYPES = 50

/**
 * The shortest walk a question may ask about, in metres (minutes × speed ÷ detour). Within the
 * bounds above a walk could be 6.7 m, and a suggestion for it ran for seconds and answered 3.6 MB;
 * a 100 m walk is already shorter than any life-circle tier (5 minutes: 333 m).
 */
export const MIN_WALK_METERS = 100

const walkMeters = (w: { minutes: number; speedMetersPerMinute: number; detourFactor: number }) => (w.minutes * w.speedMetersPerMinute) / w.detourFactor
const walkLongEnough = { message: `the walk (minutes × speed ÷ detour) must reach at least ${MIN_WALK_METERS} m`, path: ['minutes'] }

export interface CoverageParameters {
  /** Facility type codes that count as service points; empty means every type. */
  types: string[]
  minutes: number
  speedMetersPerMinute: number
  detourFactor: number
  level: CoverageLevel
  targetPct: number
  /** Unset: the network where one is loaded, else circles (an answer names the one it used). */
  metric?: CoverageMetric
  /** On the network: unset or `open`, the open closures' streets are out of the walk; `none`, the whole network. */
  closures?: ClosureMode
}

export const DEFAULT_COVERAGE_PARAMETERS: CoverageParameters = {
  types: [],
  minutes: 15,
  speedMetersPerMinute: DEFAULT_WALK_SPEED_METERS_PER_MINUTE,
  detourFactor: DEFAULT_DETOUR_FACTOR,
  level: 'grid',
  targetPct: 90,
}

type Bounded = keyof typeof COVERAGE_BOUNDS

/** A finite number within the parameter's bounds; `coerce` also takes it as text (a query string). */
export function boundedNumberSchema(name: Bounded, coerce = false) {
  const { min, max } = COVERAGE_BOUNDS[name]
  return (coerce ? z.coerce.number({ error: 'must be a number' }) : z.number({ error: 'must be a number' }))
    .refine(Number.isFinite, 'must be a number')
    .refine((v) => v >= min && v <= max, `must be between ${min} and ${max}`)
}

/** One whole set of parameters (the /plan page's store, its worker's requests). */
export const coverageParametersSchema = z.object({
  types: z.array(facilityTypeCodeSchema).max(MAX_COVERAGE_TYPES),
  minutes: boundedNumberSchema('minutes'),
  speedMetersPerMinute: boundedNumberSchema('speedMetersPerMinute'),
  detourFactor: boundedNumberSchema('detourFactor'),
  level: z.enum(COVERAGE_LEVELS),
  targetPct: boundedNumberSchema('targetPct'),
  metric: z.enum(COVERAGE_METRICS).optional(),
  closures: z.enum(CLOSURE_MODES).optional(),
}).refine((p) => walkMeters(p) >= MIN_WALK_METERS, walkLongEnough)

/**
 * GET /api/coverage's query (?types=a,b&minutes=&speed=&detour=&level=&target=), the same rules
 * under the URL's short names, defaults filled in; also the /plan page's own URL.
 */
export const coverageQuerySchema = z.object({
  types: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(facilityTypeCodeSchema).max(MAX_COVERAGE_TYPES))
    .default([]),
  minutes: boundedNumberSchema('minutes', true).default(DEFAULT_COVERAGE_PARAMETERS.minutes),
  speed: boundedNumberSchema('speedMetersPerMinute', true).default(DEFAULT_COVERAGE_PARAMETERS.speedMetersPerMinute),
  detour: boundedNumberSchema('detourFactor', true).default(DEFAULT_COVERAGE_PARAMETERS.detourFactor),
  level: z.enum(COVERAGE_LEVELS).default(DEFAULT_COVERAGE_PARAMETERS.level),
  target: boundedNumberSchema('targetPct', true).default(DEFAULT_COVERAGE_PARAMETERS.targetPct),
  metric: z.enum(COVERAGE_METRICS).optional(),
  closures: z.enum(CLOSURE_MODES).optional(),
}).refine((q) => walkMeters({ minutes: q.minutes, speedMetersPerMinute: q.speed, detourFactor: q.detour }) >= MIN_WALK_METERS, walkLongEnough)

/** The query's parameters under their full names, types deduplicated and sorted (one cache key per question). */
export function fromCoverageQuery(q: z.infer<typeof coverageQuerySchema>): CoverageParameters {
  return {
    types: normaliseTypes(q.types),
    minutes: q.minutes,
    speedMetersPerMinute: q.speed,
    detourFactor: q.detour,
    level: q.level,
    targetPct: q.target,
    ...(q.metric ? { metric: q.metric } : {}),
    ...(q.closures ? { closures: q.closures } : {}),
  }
}

export const normaliseTypes = (types: string[]) => [...new Set(types)].sort()

/** Whether a facility of `type` counts as a service point for `types` (empty: every type). */
export const countsAsServicePoint = (types: readonly string[], type: string) => types.length === 0 || types.includes(type)

/** Throws a RangeError naming the first parameter out of bounds (the worker's guard). */
export function assertCoverageParameters(p: CoverageParameters): void {
  const parsed = coverageParametersSchema.safeParse(p)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const value = issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k], p)
    throw new RangeError(`${issue.path.join('.')} ${issue.message}, not ${String(value)}`)
  }
}

/** The most new sites one suggestion may rank. */
export const MAX_SUGGESTED_SITES = 50
/** The most candidate places a planner may send. */
export const MAX_CANDIDATES = 5000

const candidatePointSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('Point', { error: 'must be a Point' }),
    coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'must be [lon, lat] in range' }),
  }),
  properties: z.record(z.string(), z.unknown()).nullable().default(null),
})

/** How many sites, or what share to reach (or both). */
export const suggestGoalSchema = z.object({
  k: z.number().int('must be a whole number').min(1).max(MAX_SUGGESTED_SITES).optional(),
  targetPct: boundedNumberSchema('targetPct').optional(),
})

/** POST /api/coverage/suggest: the walk as in GET /api/coverage (defaults filled in), the goal, and where sites may go. */
export const suggestRequestSchema = suggestGoalSchema
  .extend({
    types: z.array(facilityTypeCodeSchema).max(MAX_COVERAGE_TYPES).default([]).transform(normaliseTypes),
    minutes: boundedNumberSchema('minutes').default(DEFAULT_COVERAGE_PARAMETERS.minutes),
    speedMetersPerMinute: boundedNumberSchema('speedMetersPerMinute').default(DEFAULT_COVERAGE_PARAMETERS.speedMetersPerMinute),
    detourFactor: boundedNumberSchema('detourFactor').default(DEFAULT_COVERAGE_PARAMETERS.detourFactor),
    /** As on GET /api/coverage: the walking network by default where one is loaded, the open closures' streets out unless closures=none. */
    metric: z.enum(COVERAGE_METRICS).optional(),
    closures: z.enum(CLOSURE_MODES).optional(),
    candidates: z
      .object({ type: z.literal('FeatureCollection'), features: z.array(candidatePointSchema).min(1).max(MAX_CANDIDATES) })
      .optional(),
  })
  .refine((b) => b.k !== undefined || b.targetPct !== undefined, {
    message: `give k (1–${MAX_SUGGESTED_SITES}), targetPct (0–100) or both`,
    path: ['k'],
  })
  .refine((b) => walkMeters(b) >= MIN_WALK_METERS, walkLongEnough)

export type SuggestRequestBody = z.infer<typeof suggestRequestSchema>
