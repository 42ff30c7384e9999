// Demand points: residential buildings with the people who live there, the
// denominator of every coverage figure.
import { z } from 'zod'
import { areaCodeSchema, countSchema } from './areas.js'

/** Properties of a demand-point feature in an import file. */
export const demandPointPropertiesSchema = z.object({
  code: areaCodeSchema,
  name: z.string().max(200).nullish(),
  population: countSchema,
  households: countSchema.nullish(),
  area_code: areaCodeSchema.nullish(),
  synthetic: z.boolean().default(false),
})
export type DemandPointProperties = z.infer<typeof demandPointPropertiesSchema>
