// The synthetic demo's world of reports: where they happen (buildings weighted by residents, a
// few hotspots that grow, fade, flare up or hold steady, a small share outside the district),
// what they are about (a city's category mix), and who moves each one on. Shared by the history
// written on first start (plan-issue-history.ts) and the live demo activity (demo-activity.ts), so
// the live reports continue the history's story. Pure: a seed in, the same world out.
import { createHash } from 'node:crypto'
import { findSubcategory, ISSUE_CATEGORIES, type IssueCategory, type IssueSubcategory } from '../../core/domain/issue-taxonomy.js'
import type { IssueAction, IssueStatus, Role } from '../../core/domain/issue-lifecycle.js'
import { Rng } from '../../core/random.js'
import { getLeadDepartment } from '../../core/domain/departments.js'
import { composeCaller, composeDescription, composeFixNote } from './issue-phrases.js'

/** A building where residents live, with the areas it lies in. */
export interface DemoPlace {
  lon: number
  lat: number
  population: number
  gridCode: string
  communityCode: string | null
  streetCode: string | null
  districtCode: string | null
}

/** Who handles the demo's issues: the centre's accounts and each grid's worker. */
export interface DemoStaff {
  operator: string
  admin: string
  /** The grid worker of a grid (the demo creates one per grid). */
  workerOf(gridCode: string): string
}

/** A hotspot's intensity over the history, as a share of its peak at a point t ∈ [0, 1] (0: the first day, 1: now). */
export type HotspotProfile = 'growing' | 'fading' | 'flaring' | 'steady'

const PROFILE_AT: Record<HotspotProfile, (t: number) => number> = {
  growing: (t) => t * t,
  fading: (t) => Math.max(0, 1 - t) ** 1.5,
  // Quiet until the last tenth of the period, then a burst: what the wall calls "emerging".
  flaring: (t) => (t > 0.9 ? 1 : 0.04),
  steady: () => 0.5,
}

export interface DemoHotspot {
  profile: HotspotProfile
  subcategory: IssueSubcategory
  /** Reports a day at the profile's peak. */
  peakPerDay: number
  /** Indices of the places it covers (within 350 m of its centre). */
  places: number[]
}

/** The mix of a city's reports: sanitation and municipal facilities are the bulk, fire the rarest. */
export const CATEGORY_WEIGHTS: Record<string, number> = {
  sanitation: 26, municipal: 20, property: 14, disputes: 11, livelihood: 10, public_safety: 8, policy: 6, fire_work_safety: 5,
}

/** Reports per hour of the city's day, relative: a morning and an afternoon peak, quiet nights. */
export const HOURLY_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.5, 2.5, 3, 3, 2.5, 1.8, 2, 2.6, 2.8, 2.6, 2.2, 1.6, 1.4, 1.2, 0.9, 0.6, 0.3]

/** Share of hotline (12345) calls among reports, and of reports placed outside the district. */
export const HOTLINE_SHARE = 0.15
export const OUT_OF_AREA_SHARE = 0.02

export interface DemoWorld {
  places: DemoPlace[]
  hotspots: DemoHotspot[]
  /** The district's bounding box [w, s, e, n]: out-of-area reports fall outside it. */
  bbox: [number, number, number, number]
  staff: DemoStaff
  /** Cumulative population of the places, to draw a building in proportion to its residents. */
  cumulative: Float64Array
}

/** Builds the world from the places (a district's buildings) and a seed; the same inputs give the same hotspots. */
export function createDemoWorld(seed: number, places: DemoPlace[], bbox: [number, number, number, number], staff: DemoStaff): DemoWorld {
  if (places.length === 0) throw new Error('the demo world needs places with residents')
  const rng = new Rng(seed).fork(seed, 'hotspots')
  const cumulative = new Float64Array(places.length)
  let total = 0
  places.forEach((p, i) => (cumulative[i] = total += Math.max(p.population, 0.1)))
  const world: DemoWorld = { places, hotspots: [], bbox, staff, cumulative }
  const themes = ['sanitation', 'municipal', 'property', 'public_safety', 'livelihood']
  const profiles: HotspotProfile[] = ['growing', 'fading', 'flaring', 'steady', 'growing']
  for (const [k, profile] of profiles.entries()) {
    const centre = places[drawPlaceIndex(world, rng)]
    const near = nearbyPlaces(places, centre, 350)
    const category = ISSUE_CATEGORIES.find((c) => c.code === themes[k])!
    world.hotspots.push({ profile, subcategory: rng.pick(drawnSubcategories(category)), peakPerDay: rng.range(4, 9), places: near })
  }
  return world
}

function nearbyPlaces(places: DemoPlace[], centre: DemoPlace, meters: number): number[] {
  const kx = 111_320 * Math.cos((centre.lat * Math.PI) / 180)
  const out: number[] = []
  places.forEach((p, i) => {
    if (Math.hypot((p.lon - centre.lon) * kx, (p.lat - centre.lat) * 110_540) <= meters) out.push(i)
  })
  return out
}

/** A building drawn in proportion to its residents. */
export function drawPlaceIndex(world: DemoWorld, rng: Rng): number {
  const c = world.cumulative
  const r = rng.float() * c[c.length - 1]
  let lo = 0
  let hi = c.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (c[mid] > r) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** A hotspot's expected reports on a day, t ∈ [0, 1] across the history (1: now). */
export function hotspotRate(h: DemoHotspot, t: number): number {
  return h.peakPerDay * PROFILE_AT[h.profile](t)
}

/** One report as the demo composes it, before it is placed in the database or sent to the API. */
export interface DemoReport {
  subcategory: IssueSubcategory
  description: string
  lon: number
  lat: number
  /** The place's areas; null for a report outside the district. */
  place: DemoPlace | null
  hotline: boolean
  callerName: string | null
  callerPhone: string | null
  /** Who files it: the grid's worker for a field report, the operator for a call. */
  reporter: string
}

/**
 * What the seasons add (Guizhou): the rains of June to August bring sewage overflows and leaks,
 * the cold of December to February gas leaks (heating by gas) and burst pipes. In those months
 * this share of the ordinary reports is one of the season's instead.
 */
export const SEASONAL_REPORTS: { months: number[]; share: number; subcategories: string[] }[] = [
  { months: [6, 7, 8], share: 0.1, subcategories: ['sanitation.sewage', 'property.water_leak'] },
  { months: [12, 1, 2], share: 0.08, subcategories: ['fire_work_safety.gas_leak', 'livelihood.water_outage'] },
]

/**
 * A report somewhere in the district (or, rarely, just outside it); `hotspot` places it in one;
 * `month` (1–12, in the city) brings the season's share (SEASONAL_REPORTS).
 */
export function composeDemoReport(world: DemoWorld, rng: Rng, hotspot?: DemoHotspot, month?: number): DemoReport {
  const outside = !hotspot && rng.float() < OUT_OF_AREA_SHARE
  let subcategory: IssueSubcategory
  let place: DemoPlace | null = null
  let lon: number
  let lat: number
  if (hotspot) {
    subcategory = rng.float() < 0.8 ? hotspot.subcategory : drawSubcategory(rng)
    place = world.places[rng.pick(hotspot.places)]
  } else {
    subcategory = drawSubcategory(rng)
    const season = month === undefined ? undefined : SEASONAL_REPORTS.find((x) => x.months.includes(month))
    if (season && rng.float() < season.share) subcategory = findSubcategory(rng.pick(season.subcategories))!
    if (!outside) place = world.places[drawPlaceIndex(world, rng)]
  }
  // Policy questions come by phone; a report from outside the district too (a caller, not a patrol).
  const hotline = outside || subcategory.code.startsWith('policy.') || rng.float() < HOTLINE_SHARE
  if (place) {
    lon = place.lon
    lat = place.lat
  } else {
    // 300 m to 2.5 km beyond one edge of the district's box: outside the district whatever its shape.
    const [w, s, e, n] = world.bbox
    const off = rng.range(300, 2500)
    const side = rng.int(0, 3)
    const dLon = off / (111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180))
    const dLat = off / 110_540
    lon = side === 0 ? w - dLon : side === 1 ? e + dLon : rng.range(w, e)
    lat = side === 2 ? s - dLat : side === 3 ? n + dLat : rng.range(s, n)
  }
  const caller = hotline ? composeCaller(rng) : { callerName: null, callerPhone: null }
  return {
    subcategory,
    description: composeDescription(rng, subcategory.code, hotline),
    lon: round6(lon),
    lat: round6(lat),
    place,
    hotline,
    ...caller,
    reporter: hotline || !place ? world.staff.operator : world.staff.workerOf(place.gridCode),
  }
}

function drawSubcategory(rng: Rng): IssueSubcategory {
  const category = ISSUE_CATEGORIES[rng.weightedIndex(ISSUE_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c.code] ?? 1))]
  return rng.pick(drawnSubcategories(category))
}

/**
 * The sub-categories the demo draws at random: not those that close a street to walkers while
 * open (道路施工围挡 and the like), which would cut the demo's walking network at random places;
 * the demo's closures are placed on purpose (scripts/demo/closures.ts).
 */
export function drawnSubcategories(category: IssueCategory): readonly IssueSubcategory[] {
  return category.subcategories.filter((s) => !s.closesPassage)
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** The issue as the demo's staff see it when they choose its next step. */
export interface DemoIssueState {
  status: IssueStatus
  category: string
  source: 'field' | 'hotline' | 'open311'
  reporter: string
  assignee: string | null
  gridCode: string | null
  /** Who resolved it last: they may not also pass the on-site check. */
  resolver: string | null
  /** The reporter is a grid worker (who checks the fix of what they reported); else the centre's inspector does. */
  reporterIsGridWorker: boolean
}

/** One step of an issue's life as a member of staff takes it. */
export interface DemoStep {
  action: IssueAction
  actor: string
  actorRole: Role
  note?: string
  assignee?: string
  department?: string
  rating?: number
}

const RATINGS = [5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1]

/** The smallest valid PNG: the photo of every demo on-site check (the check requires one). */
export const CHECK_PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
export const CHECK_PHOTO_SHA256 = createHash('sha256').update(CHECK_PHOTO).digest('hex')

/** A staff member's role. At module level: a closure made at each of a year's 15 million steps cost the writer 2 % of its time (tsx names each one as it is made). */
function roleOfStaff(staff: DemoWorld['staff'], username: string): Role {
  return username === staff.operator ? 'operator' : username === staff.admin ? 'admin' : 'grid_worker'
}

/** The next step of an open issue and who takes it, as the centre, the grids and the departments work; null when it is finished. */
export function chooseNextStep(world: DemoWorld, rng: Rng, issue: DemoIssueState): DemoStep | null {
  const { operator, admin } = world.staff
  const category = issue.category.split('.')[0]
  switch (issue.status) {
    case 'reported':
      return rng.float() < 0.03
        ? { action: 'reject', actor: operator, actorRole: 'operator', note: '不属于受理范围，已告知反映人' }
        : { action: 'accept', actor: operator, actorRole: 'operator' }
    case 'accepted':
      return issue.gridCode && rng.float() < 0.75
        ? { action: 'dispatch', actor: operator, actorRole: 'operator', assignee: world.staff.workerOf(issue.gridCode) }
        : { action: 'escalate', actor: operator, actorRole: 'operator', department: getLeadDepartment(category), note: '需职能部门处置' }
    case 'dispatched': {
      const actor = issue.assignee ?? operator
      return { action: 'resolve', actor, actorRole: roleOfStaff(world.staff, actor), note: composeFixNote(rng, category) }
    }
    case 'escalated':
      return { action: 'resolve', actor: operator, actorRole: 'operator', note: `部门已办结：${composeFixNote(rng, category)}` }
    case 'resolved': {
      // The reporting grid worker checks the fix on site unless they made it; else the centre's inspector,
      // unless the inspector made it: then nobody here may check it, and it waits for a person.
      const checker = issue.source === 'field' && issue.reporterIsGridWorker && issue.reporter !== issue.resolver ? issue.reporter : admin
      if (checker === issue.resolver) return null
      return rng.float() < 0.08
        ? { action: 'rework', actor: checker, actorRole: roleOfStaff(world.staff, checker), note: '现场核查未整改到位' }
        : { action: 'verify', actor: checker, actorRole: roleOfStaff(world.staff, checker), note: '现场核查通过' }
    }
    case 'verified':
      return { action: 'reply', actor: operator, actorRole: 'operator', note: issue.source === 'hotline' ? '已电话回访来电人' : '已答复反映人' }
    case 'replied':
      return rng.float() < 0.75
        ? { action: 'rate', actor: operator, actorRole: 'operator', rating: rng.pick(RATINGS) }
        : { action: 'close', actor: operator, actorRole: 'operator' }
    case 'rated':
      return { action: 'close', actor: operator, actorRole: 'operator' }
    default:
      return null
  }
}
