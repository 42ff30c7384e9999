// Grid hierarchy: the levels and kinds of administrative and grid areas, and the
// properties an area feature must carry to be imported.
import { z } from 'zod'

/** Levels from the district down to the micro-grid (楼栋/微网格), in order. */
export const AREA_LEVELS = ['district', 'street', 'community', 'grid', 'micro'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

/** Comprehensive grids (综合网格) cover everything; exclusive ones (专属网格) a market, campus, business district. */
export const AREA_KINDS = ['comprehensive', 'exclusive'] as const
export type AreaKind = (typeof AREA_KINDS)[number]

/** Depth of a level in the hierarchy (district = 0). */
export function getLevelDepth(level: AreaLevel): number {
  return AREA_LEVELS.indexOf(level)
}

/** A head count that fits PostgreSQL's integer column (0 … 2,147,483,647). */
export const countSchema = z.number().int().nonnegative().max(2_147_483_647, 'must be at most 2147483647')

export const areaCodeSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[0-9A-Za-z-]+$/, 'code may hold only letters, digits and hyphens')

/** Properties of an area feature in an import file (GeoJSON Feature.properties). */
export const areaPropertiesSchema = z.object({
  code: areaCodeSchema,
  name: z.string().min(1).max(100),
  name_en: z.string().max(200).nullish(),
  level: z.enum(AREA_LEVELS),
  kind: z.enum(AREA_KINDS).default('comprehensive'),
  parent_code: areaCodeSchema.nullish(),
  population: countSchema.nullish(),
  households: countSchema.nullish(),
  leader_name: z.string().max(50).nullish(),
  leader_phone: z.string().max(30).nullish(),
  synthetic: z.boolean().default(false),
})
export type AreaProperties = z.infer<typeof areaPropertiesSchema>
