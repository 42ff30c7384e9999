// Service points (facilities) and their type taxonomy. The type list is data
// (geodata/facility-types.json, table facility_types), not code.
import { z } from 'zod'
import { areaCodeSchema } from './areas.js'

export const facilityTypeCodeSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'type code is lower-case letters, digits and underscores')

/** One entry of the facility-type taxonomy. */
export const facilityTypeSchema = z.object({
  code: facilityTypeCodeSchema,
  name: z.string().min(1),
  name_en: z.string().min(1),
  icon: z.string().min(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  sort_order: z.number().int().min(-2_147_483_648).max(2_147_483_647).default(0),
})
export type FacilityType = z.infer<typeof facilityTypeSchema>

/** Properties of a facility feature in an import file. */
export const facilityPropertiesSchema = z.object({
  code: areaCodeSchema,
  name: z.string().min(1).max(200),
  name_en: z.string().max(300).nullish(),
  type: facilityTypeCodeSchema,
  address: z.string().max(300).nullish(),
  opening_hours: z.string().max(200).nullish(),
  services: z.array(z.string().max(100)).max(50).default([]),
  area_code: areaCodeSchema.nullish(),
  synthetic: z.boolean().default(false),
})
export type FacilityProperties = z.infer<typeof facilityPropertiesSchema>
