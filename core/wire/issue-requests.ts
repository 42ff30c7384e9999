// Validation of the live-issues requests (zod), shared by the server and the clients that want
// to check a form before sending it. Messages name the field.
import { z } from 'zod'
import { INPUT_CRS } from '../domain/coordinates.js'
import { ISSUE_ACTIONS } from '../domain/issue-lifecycle.js'
import { LEVELS, subcategoryCodeSchema } from '../domain/issue-taxonomy.js'
import { ISSUE_STATUSES } from '../domain/issue-lifecycle.js'
import { TRIAGE_COLOURS } from '../domain/triage.js'
import { bboxQuerySchema } from './read-api.js'
import { textSchema } from './text.js'

const finite = (what: string) => z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be finite`)
/** Text stored verbatim (SQL and HTML are just characters): see text.ts. */
const text = (max: number) => textSchema(max, { multiline: true })

export const loginRequestSchema = z.object({
  username: textSchema(40, { min: 1 }),
  password: textSchema(200, { min: 1 }),
})

export const newIssueRequestSchema = z.object({
  id: z.uuid({ error: 'must be a UUID' }),
  category: subcategoryCodeSchema,
  description: text(2000).refine((s) => s.trim().length > 0, 'required'),
  lon: finite('longitude').pipe(z.number().min(-180, 'longitude −180…180').max(180, 'longitude −180…180')),
  lat: finite('latitude').pipe(z.number().min(-90, 'latitude −90…90').max(90, 'latitude −90…90')),
  crs: z.enum(INPUT_CRS).optional(),
  importance: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  source: z.enum(['field', 'hotline']).optional(),
  callerName: text(50).optional(),
  callerPhone: z
    .string()
    .regex(/^\+?[0-9 -]{3,20}$/, 'a phone number of digits')
    .optional(),
  address: text(200).optional(),
})

export const transitionRequestSchema = z.object({
  action: z.enum(ISSUE_ACTIONS),
  note: text(1000).optional(),
  assignee: textSchema(40, { min: 1 }).optional(),
  department: text(100).refine((s) => s.trim().length > 0, 'required').optional(),
  rating: z.number().int('an integer 1…5').min(1, 'an integer 1…5').max(5, 'an integer 1…5').optional(),
  duplicateOf: z.uuid({ error: 'must be a UUID' }).optional(),
})

export const passageMarkRequestSchema = z.object({
  blocksPassage: z.boolean({ error: 'true (blocks passage) or false (the mark taken off)' }),
  note: text(1000).optional(),
})

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)))

export const issueListQuerySchema = z.object({
  status: list(ISSUE_STATUSES).optional(),
  colour: list(TRIAGE_COLOURS).optional(),
  category: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'category or sub-category codes')))
    .optional(),
  area: z.string().regex(/^[0-9A-Za-z-]{1,40}$/, 'an area code').optional(),
  since: z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time' }).transform((s) => new Date(s)).optional(),
  bbox: bboxQuerySchema.optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  before: z.string().regex(/^\d{1,18}$/, 'a cursor from nextCursor').transform(BigInt).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
