// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as GridPulse speaks it: our
// sub-categories as services, an issue as a service request, our statuses as open or closed with the
// detail in `status_notes`. Pure: the server's router (server/open311/) reads and writes, this maps.
//
// Identifiers: a request's `service_request_id` is the issue's code (E20261203000042), what a caller
// and an operator read to each other on the phone; its `token` is the issue's id (a UUID), which
// `tokens/{token}` turns into the code. Requests are created at once, so a POST answers with both.
import { z } from 'zod'
import { ISSUE_STATUS_NAMES, isOpenStatus } from '../domain/issue-lifecycle.js'
import { CLOSURE_METERS } from '../domain/passage-closures.js'
import { ISSUE_CATEGORIES, LEVELS, subcategoryCodeSchema, type Level } from '../domain/issue-taxonomy.js'
import type { IssueSummary } from './issues.js'
import { textSchema } from './text.js'

/** Requests a GET requests answers at most, and the longest period it covers (the spec's defaults). */
export const OPEN311_MAX_REQUESTS = 1000
export const OPEN311_MAX_DAYS = 90

/** A form's empty fields are absent ones (clients send every field of their form). */
const blankless = (v: unknown) => (typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined)) : v)
const number = (what: string, min: number, max: number) =>
  z.coerce.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a number`).pipe(z.number().min(min, `${what} ${min}…${max}`).max(max, `${what} ${min}…${max}`))
const text = (max: number) => textSchema(max, { multiline: true })
const level = (what: string) => z.enum(LEVELS, { error: `${what}: one of ${LEVELS.join(', ')}` }).optional()

/** POST requests (form-encoded, as the spec sends it, or JSON): where — lat and long, or an address_string naming a grid or community — what, and who called. */
export const open311NewRequestSchema = z.preprocess(
  blankless,
  z
    .object({
      jurisdiction_id: textSchema(100).optional(),
      service_code: subcategoryCodeSchema,
      lat: number('lat', -90, 90).optional(),
      long: number('long', -180, 180).optional(),
      address_string: text(200).optional(),
      address_id: textSchema(100).optional(),
      description: text(2000).refine((s) => s.trim().length > 0, 'required'),
      media_url: z.url({ error: 'an http(s) URL', protocol: /^https?$/ }).max(2000, 'at most 2,000 characters').optional(),
      first_name: text(25).optional(),
      last_name: text(25).optional(),
      phone: z.string().regex(/^\+?[0-9 -]{3,20}$/, 'a phone number of digits').optional(),
      email: z.email({ error: 'an e-mail address' }).max(200).optional(),
      device_id: textSchema(100).optional(),
      account_id: textSchema(100).optional(),
      'attribute[urgency]': level('attribute[urgency]'),
      'attribute[importance]': level('attribute[importance]'),
    })
    .refine((r) => (r.lat !== undefined && r.long !== undefined) || (r.lat === undefined && r.long === undefined && r.address_string !== undefined), {
      error: 'lat and long, or address_string (a grid or community by its name), are required',
      path: ['lat'],
    }),
)
export type Open311NewRequest = z.infer<typeof open311NewRequestSchema>

const list = <T extends z.ZodType<string, string>>(item: T) => z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).max(OPEN311_MAX_REQUESTS, `at most ${OPEN311_MAX_REQUESTS}`))
const dateTime = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time (2026-12-01T00:00:00+08:00)' }).transform((s) => new Date(s))

/** GET requests */
export const open311RequestQuerySchema = z.preprocess(
  blankless,
  z.object({
    jurisdiction_id: textSchema(100).optional(),
    service_request_id: list(z.string().regex(/^[A-Z]\d{14}$/, 'a service_request_id such as E20261203000042')).optional(),
    service_code: list(subcategoryCodeSchema).optional(),
    start_date: dateTime.optional(),
    end_date: dateTime.optional(),
    status: list(z.enum(['open', 'closed'], { error: 'open or closed' })).optional(),
    locale: z.enum(['zh', 'en'], { error: 'zh or en' }).optional(),
    api_key: z.string().optional(),
  }),
)

export type Open311Locale = 'zh' | 'en'

/** GET services: one per sub-category. */
export interface Open311Service {
  service_code: string
  service_name: string
  description: string
  /** Whether services/{code} lists attributes (every service here: urgency and importance). */
  metadata: boolean
  /** realtime: a request is created at once and has its id in the POST's answer. */
  type: 'realtime'
  keywords: string
  group: string
}

export interface Open311AttributeValue {
  key: string
  name: string
}

export interface Open311Attribute {
  /** false: information for the caller, nothing to answer. */
  variable: boolean
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  datatype_description: string
  order: number
  description: string
  values?: Open311AttributeValue[]
}

/** GET services/{code} */
export interface Open311ServiceDefinition {
  service_code: string
  attributes: Open311Attribute[]
}

/** GET requests, requests/{id}: one service request. */
export interface Open311Request {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes: string
  service_name: string
  service_code: string
  description: string
  agency_responsible: string
  service_notice: string
  requested_datetime: string
  updated_datetime: string
  /** When the current stage is due (empty when no stage runs). */
  expected_datetime: string
  address: string
  address_id: string
  zipcode: string
  lat: number
  long: number
  media_url: string
}

/** The answer of POST requests and of tokens/{token}. */
export interface Open311Created {
  service_request_id: string
  token: string
  service_notice: string
  account_id: string
}

export interface Open311Error {
  code: number
  description: string
}

const LEVEL_NAMES: Record<Level, { zh: string; en: string }> = {
  low: { zh: '低', en: 'low' },
  medium: { zh: '中', en: 'medium' },
  high: { zh: '高', en: 'high' },
}

/** Every sub-category as a service, in the taxonomy's order. */
export function listOpen311Services(locale: Open311Locale): Open311Service[] {
  return ISSUE_CATEGORIES.flatMap((c) =>
    c.subcategories.map((s) => ({
      service_code: s.code,
      service_name: locale === 'en' ? s.nameEn : s.name,
      description: locale === 'en' ? `${c.nameEn}: ${s.nameEn}` : `${c.name}：${s.name}`,
      metadata: true,
      type: 'realtime' as const,
      keywords: [s.name, s.nameEn, c.name, c.nameEn].join(','),
      group: locale === 'en' ? c.nameEn : c.name,
    })),
  )
}

/** The attributes a request of the service may carry: its urgency and importance (the sub-category's defaults otherwise), and for a closing kind what it does to walkers. */
export function getOpen311ServiceDefinition(code: string, locale: Open311Locale): Open311ServiceDefinition | undefined {
  const category = ISSUE_CATEGORIES.find((c) => c.subcategories.some((s) => s.code === code))
  const sub = category?.subcategories.find((s) => s.code === code)
  if (!sub) return undefined
  const en = locale === 'en'
  const levels = LEVELS.map((key) => ({ key, name: LEVEL_NAMES[key][en ? 'en' : 'zh'] }))
  const attributes: Open311Attribute[] = [
    {
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: en ? `low, medium or high (default ${sub.urgency})` : `低、中或高（默认${LEVEL_NAMES[sub.urgency].zh}）`,
      order: 1,
      description: en ? 'How soon it must be handled' : '紧急程度',
      values: levels,
    },
    {
      variable: true,
      code: 'importance',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: en ? `low, medium or high (default ${sub.importance})` : `低、中或高（默认${LEVEL_NAMES[sub.importance].zh}）`,
      order: 2,
      description: en ? 'How much it matters' : '重要程度',
      values: levels,
    },
  ]
  if (sub.closesPassage) {
    attributes.push({
      variable: false,
      code: 'closes_passage',
      datatype: 'string',
      required: false,
      datatype_description: '',
      order: 3,
      description: en
        ? `Until the request is closed, the streets within ${CLOSURE_METERS} m of it count as closed to walkers.`
        : `办结前，附近 ${CLOSURE_METERS} 米内的道路在步行分析中视为不通。`,
    })
  }
  return { service_code: sub.code, attributes }
}

/** An issue as a service request; `mediaUrl` is what the request was sent with. */
export function toOpen311Request(issue: IssueSummary, mediaUrl: string | null, locale: Open311Locale): Open311Request {
  const category = ISSUE_CATEGORIES.find((c) => c.subcategories.some((s) => s.code === issue.category))
  const sub = category?.subcategories.find((s) => s.code === issue.category)
  const en = locale === 'en'
  const status = ISSUE_STATUS_NAMES[issue.status]
  return {
    service_request_id: issue.code,
    status: isOpenStatus(issue.status) ? 'open' : 'closed',
    status_notes: en ? status.nameEn : status.name,
    service_name: sub ? (en ? sub.nameEn : sub.name) : issue.category,
    service_code: issue.category,
    description: issue.description,
    agency_responsible: issue.department ?? issue.assignee ?? '',
    service_notice: '',
    requested_datetime: issue.reportedAt,
    updated_datetime: issue.updatedAt,
    expected_datetime: issue.dueAt ?? '',
    address: issue.address ?? '',
    address_id: '',
    zipcode: '',
    lat: issue.lat,
    long: issue.lon,
    media_url: mediaUrl ?? '',
  }
}
