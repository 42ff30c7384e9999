// Self-checks of the generated demo dataset before anything is written: property schemas
// (the same zod schemas the importer uses), polygon validity, exact tiling of every level,
// population sums, point containment, and a 15-minute coverage figure for the summary.
import {
  area as turfArea,
  booleanPointInPolygon,
  booleanValid,
  featureCollection,
  intersect,
  kinks,
  point as turfPoint,
} from '@turf/turf'
import type { Feature, LineString, Point, Polygon, Position } from 'geojson'
import { areaPropertiesSchema, getLevelDepth, type AreaLevel } from '../../core/domain/areas.js'
import { demandPointPropertiesSchema } from '../../core/domain/demand-points.js'
import { facilityPropertiesSchema, facilityTypeSchema } from '../../core/domain/facilities.js'
import { LocalProjection, bboxOf, polygonsOf, round6, type AreaGeometry } from './geometry.js'

type Props = Record<string, unknown>

export interface CheckInput {
  areas: Feature<AreaGeometry, Props>[]
  facilities: Feature<Point, Props>[]
  demand: Feature<Point, Props>[]
  facilityTypes: readonly unknown[]
  basemap: Feature<Polygon | LineString, Props>[]
  districtBbox: [number, number, number, number]
  log: (msg: string) => void
}

export interface CheckReport {
  areaKm2: Map<string, number>
  coverage: {
    share: number
    unservedPopulation: number
    unservedPoints: number
    gridsBelowHalf: number
    byRing: { label: string; unserved: number; total: number }[]
  }
}

const COVERAGE_RADIUS_M = 1000

class CheckError extends Error {}
function fail(msg: string): never {
  throw new CheckError(`check failed: ${msg}`)
}

/** Runs every check; throws on the first failure so nothing broken is ever written. */
export function runChecks(input: CheckInput): CheckReport {
  const { areas, facilities, demand, basemap, districtBbox, log } = input

  // 1. Properties: the importer's schemas, plus synthetic, no top-level id, unique codes.
  const schemaCheck = (kind: string, features: Feature[], schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }) => {
    const seen = new Set<string>()
    for (const f of features) {
      const code = String(f.properties?.code)
      const r = schema.safeParse(f.properties)
      if (!r.success) fail(`${kind} ${code}: ${r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      if (f.properties?.synthetic !== true) fail(`${kind} ${code} is not marked synthetic`)
      if ('id' in f) fail(`${kind} ${code} has a top-level id`)
      if (seen.has(code)) fail(`${kind}: duplicate code ${code}`)
      seen.add(code)
    }
  }
  schemaCheck('area', areas, areaPropertiesSchema)
  schemaCheck('facility', facilities, facilityPropertiesSchema)
  schemaCheck('demand point', demand, demandPointPropertiesSchema)
  for (const t of input.facilityTypes) {
    const r = facilityTypeSchema.safeParse(t)
    if (!r.success) fail(`facility type ${JSON.stringify(t)}: ${r.error.issues[0].message}`)
  }
  const typeCodes = new Set(input.facilityTypes.map((t) => (t as { code: string }).code))
  for (const f of facilities) if (!typeCodes.has(String(f.properties.type))) fail(`facility ${f.properties.code} has unknown type ${f.properties.type}`)
  for (const f of basemap) if (f.properties.synthetic !== true || 'id' in f) fail(`basemap ${f.properties.name}: synthetic/id`)
  log('checks: properties pass the zod schemas')

  // 2. Coordinates: 6 decimals, inside the district's bbox.
  const checkPosition = (p: Position, what: string) => {
    if (p[0] !== round6(p[0]) || p[1] !== round6(p[1])) fail(`${what}: ${JSON.stringify(p)} has more than 6 decimals`)
    if (p[0] < districtBbox[0] || p[0] > districtBbox[2] || p[1] < districtBbox[1] || p[1] > districtBbox[3]) fail(`${what}: ${JSON.stringify(p)} is outside the district bbox`)
  }
  for (const f of areas) for (const rings of polygonsOf(f.geometry)) for (const r of rings) for (const p of r) checkPosition(p, `area ${f.properties.code}`)
  for (const f of [...facilities, ...demand]) checkPosition(f.geometry.coordinates, `point ${f.properties.code}`)
  for (const f of basemap) {
    const pts = f.geometry.type === 'Polygon' ? f.geometry.coordinates.flat() : f.geometry.coordinates
    for (const p of pts) checkPosition(p, `basemap ${f.properties.name}`)
  }

  // 3. Validity of every polygon (turf's OGC checks and a self-intersection search).
  const validPolygon = (f: Feature<AreaGeometry | Polygon, Props>, what: string) => {
    for (const rings of polygonsOf(f.geometry as AreaGeometry))
      for (const r of rings) {
        if (r.length < 4) fail(`${what}: ring with ${r.length} positions`)
        const [a, b] = [r[0], r[r.length - 1]]
        if (a[0] !== b[0] || a[1] !== b[1]) fail(`${what}: ring not closed`)
      }
    if (!booleanValid(f)) fail(`${what}: booleanValid is false`)
    const k = kinks(f as Feature<Polygon>)
    if (k.features.length > 0) fail(`${what}: ${k.features.length} self-intersections, first at ${JSON.stringify(k.features[0].geometry.coordinates)}`)
  }
  for (const f of areas) validPolygon(f, `area ${f.properties.code}`)
  for (const f of basemap) if (f.geometry.type === 'Polygon') validPolygon(f as Feature<Polygon, Props>, `basemap ${f.properties.name}`)
  log(`checks: ${areas.length} area polygons valid, no self-intersections`)

  // 4. Hierarchy: parents exist and sit one level up; comprehensive children tile their parent.
  const byCode = new Map(areas.map((f) => [String(f.properties.code), f]))
  const areaKm2 = new Map(areas.map((f) => [String(f.properties.code), turfArea(f) / 1e6]))
  const children = new Map<string, Feature<AreaGeometry, Props>[]>()
  for (const f of areas) {
    const parent = f.properties.parent_code as string | null
    if (parent === null) continue
    const p = byCode.get(parent)
    if (!p) fail(`area ${f.properties.code}: parent ${parent} missing`)
    if (getLevelDepth(p.properties.level as AreaLevel) !== getLevelDepth(f.properties.level as AreaLevel) - 1) fail(`area ${f.properties.code}: parent ${parent} is not one level up`)
    const list = children.get(parent) ?? []
    list.push(f)
    children.set(parent, list)
  }
  let worstGap = 0
  let worstOverlap = 0
  for (const [parentCode, kids] of children) {
    const comprehensive = kids.filter((k) => k.properties.kind === 'comprehensive')
    const sum = comprehensive.reduce((n, k) => n + areaKm2.get(String(k.properties.code))!, 0)
    const parentArea = areaKm2.get(parentCode)!
    const rel = Math.abs(sum - parentArea) / parentArea
    worstGap = Math.max(worstGap, rel)
    if (rel > 1e-6) fail(`children of ${parentCode} cover ${sum} km² of ${parentArea} km²`)
    const boxes = comprehensive.map((k) => bboxOf(k.geometry))
    for (let i = 0; i < comprehensive.length; i++)
      for (let j = i + 1; j < comprehensive.length; j++) {
        const [a, b] = [boxes[i], boxes[j]]
        if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue
        const x = intersect(featureCollection([comprehensive[i], comprehensive[j]]))
        const m2 = x ? turfArea(x) : 0
        worstOverlap = Math.max(worstOverlap, m2)
        if (m2 > 1) fail(`${comprehensive[i].properties.code} and ${comprehensive[j].properties.code} overlap by ${m2.toFixed(2)} m²`)
      }
    for (const k of kids.filter((x) => x.properties.kind === 'exclusive')) {
      const x = intersect(featureCollection([k, byCode.get(parentCode)!]))
      const inside = x ? turfArea(x) : 0
      if (Math.abs(inside - turfArea(k)) > 1) fail(`exclusive grid ${k.properties.code} is not inside ${parentCode}`)
    }
  }
  log(`checks: siblings tile their parents (worst area mismatch ${worstGap.toExponential(1)}, worst overlap ${worstOverlap.toFixed(3)} m²)`)

  // 5. Points lie in their areas (turf's own point-in-polygon), none in the river.
  const river = basemap.find((f) => f.properties.kind === 'river') as Feature<Polygon, Props> | undefined
  for (const f of [...facilities, ...demand]) {
    const code = String(f.properties.area_code)
    const a = byCode.get(code)
    if (!a) fail(`point ${f.properties.code}: area ${code} missing`)
    const pt = turfPoint(f.geometry.coordinates)
    if (!booleanPointInPolygon(pt, a)) fail(`point ${f.properties.code} is not inside ${code}`)
    if (river && booleanPointInPolygon(pt, river)) fail(`point ${f.properties.code} is in the river`)
  }
  for (const f of demand) if (byCode.get(String(f.properties.area_code))!.properties.level !== 'grid') fail(`demand point ${f.properties.code} is not in a grid`)

  // 6. Populations add up: grids from their points, every level from the one below.
  const popOf = new Map<string, number>()
  const hhOf = new Map<string, number>()
  for (const f of demand) {
    const c = String(f.properties.area_code)
    popOf.set(c, (popOf.get(c) ?? 0) + (f.properties.population as number))
    hhOf.set(c, (hhOf.get(c) ?? 0) + (f.properties.households as number))
  }
  for (const f of areas) {
    if (f.properties.level !== 'grid' || f.properties.kind !== 'comprehensive') continue
    const c = String(f.properties.code)
    if ((popOf.get(c) ?? 0) !== f.properties.population || (hhOf.get(c) ?? 0) !== f.properties.households) fail(`grid ${c}: population is not the sum of its demand points`)
  }
  for (const [parentCode, kids] of children) {
    const comprehensive = kids.filter((k) => k.properties.kind === 'comprehensive')
    const p = byCode.get(parentCode)!.properties
    const pop = comprehensive.reduce((n, k) => n + (k.properties.population as number), 0)
    const hh = comprehensive.reduce((n, k) => n + (k.properties.households as number), 0)
    if (pop !== p.population || hh !== p.households) fail(`${parentCode}: population ${p.population} is not the sum of its children (${pop})`)
  }
  log(`checks: ${facilities.length + demand.length} points inside their areas and out of the river; populations add up`)

  return { areaKm2, coverage: measureCoverage(areas, facilities, demand) }
}

/** Share of residents within 1,000 m (straight line) of any facility, for the summary. */
function measureCoverage(areas: Feature<AreaGeometry, Props>[], facilities: Feature<Point, Props>[], demand: Feature<Point, Props>[]): CheckReport['coverage'] {
  const district = areas.find((f) => f.properties.level === 'district')!
  const [minX, minY, maxX, maxY] = bboxOf(district.geometry)
  const proj = new LocalProjection((minX + maxX) / 2, (minY + maxY) / 2)
  const centre = proj.toXY([109.19, 27.72])
  const cell = COVERAGE_RADIUS_M
  const buckets = new Map<string, [number, number][]>()
  for (const f of facilities) {
    const [x, y] = proj.toXY(f.geometry.coordinates)
    const key = `${Math.floor(x / cell)},${Math.floor(y / cell)}`
    const list = buckets.get(key) ?? []
    list.push([x, y])
    buckets.set(key, list)
  }
  const rings = [
    { label: '<2 km', max: 2000, unserved: 0, total: 0 },
    { label: '2–4 km', max: 4000, unserved: 0, total: 0 },
    { label: '4–6 km', max: 6000, unserved: 0, total: 0 },
    { label: '>6 km', max: Infinity, unserved: 0, total: 0 },
  ]
  let covered = 0
  let total = 0
  let unservedPoints = 0
  const gridTotals = new Map<string, [number, number]>()
  for (const f of demand) {
    const [x, y] = proj.toXY(f.geometry.coordinates)
    const pop = f.properties.population as number
    const cx = Math.floor(x / cell)
    const cy = Math.floor(y / cell)
    let ok = false
    for (let gx = cx - 1; gx <= cx + 1 && !ok; gx++)
      for (let gy = cy - 1; gy <= cy + 1 && !ok; gy++)
        for (const [fx, fy] of buckets.get(`${gx},${gy}`) ?? []) if ((fx - x) ** 2 + (fy - y) ** 2 <= COVERAGE_RADIUS_M ** 2) ok = true
    total += pop
    if (ok) covered += pop
    else unservedPoints++
    const ring = rings.find((r) => Math.hypot(x - centre[0], y - centre[1]) < r.max)!
    ring.total += pop
    if (!ok) ring.unserved += pop
    const g = String(f.properties.area_code)
    const t = gridTotals.get(g) ?? [0, 0]
    t[0] += ok ? pop : 0
    t[1] += pop
    gridTotals.set(g, t)
  }
  const gridsBelowHalf = [...gridTotals.values()].filter(([c, t]) => c < t / 2).length
  return {
    share: covered / total,
    unservedPopulation: total - covered,
    unservedPoints,
    gridsBelowHalf,
    byRing: rings.map(({ label, unserved, total: t }) => ({ label, unserved, total: t })),
  }
}
