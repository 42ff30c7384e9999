// Pure validation of an import file: shape of the collection, geometry type, coordinate
// ranges and the properties schema of each kind. No I/O; PostGIS checks validity later.
import type { Feature, Geometry, Position } from 'geojson'
import type { z } from 'zod'
import { areaPropertiesSchema } from '../../core/domain/areas.js'
import { demandPointPropertiesSchema } from '../../core/domain/demand-points.js'
import { facilityPropertiesSchema } from '../../core/domain/facilities.js'
import { geometryToWgs84, mapPositions, type InputCrs } from '../../core/domain/coordinates.js'

export const IMPORT_KINDS = ['areas', 'facilities', 'demand'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

const KIND_RULES = {
  areas: { schema: areaPropertiesSchema, geometryTypes: ['Polygon', 'MultiPolygon'] },
  facilities: { schema: facilityPropertiesSchema, geometryTypes: ['Point'] },
  demand: { schema: demandPointPropertiesSchema, geometryTypes: ['Point'] },
} as const

export interface Rejection {
  /** Zero-based index of the feature in the file's `features` array (-1: the file itself). */
  index: number
  code?: string
  reason: string
}

export interface ValidFeature<P> {
  index: number
  properties: P
  /** Already converted to WGS-84. */
  geometry: Geometry
}

export interface ValidationResult<P> {
  features: ValidFeature<P>[]
  rejections: Rejection[]
}

type PropsOf<K extends ImportKind> = z.infer<(typeof KIND_RULES)[K]['schema']>

/** Parses the text of a GeoJSON file; a malformed file is one rejection at index -1. */
export function parseGeoJsonText(text: string): { features: unknown[] } | Rejection {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    return { index: -1, reason: `malformed JSON: ${(err as Error).message}` }
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { index: -1, reason: 'the file is not a GeoJSON FeatureCollection (type "FeatureCollection" with a features array)' }
  }
  return { features: doc.features }
}

/** Validates every feature of one kind; converts positions from `crs` to WGS-84. */
export function validateFeatures<K extends ImportKind>(
  kind: K,
  features: unknown[],
  crs: InputCrs = 'wgs84',
): ValidationResult<PropsOf<K>> {
  const rules = KIND_RULES[kind]
  const valid: ValidFeature<PropsOf<K>>[] = []
  const rejections: Rejection[] = []
  const firstIndexOfCode = new Map<string, number>()

  features.forEach((raw, index) => {
    const reject = (reason: string, code?: string) => rejections.push({ index, code, reason })
    if (!isObject(raw) || raw.type !== 'Feature') return reject('not a GeoJSON Feature')
    const feature = raw as unknown as Feature
    const code = isObject(feature.properties) && typeof feature.properties.code === 'string' ? feature.properties.code : undefined

    const parsed = rules.schema.safeParse(feature.properties ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return reject(`property ${issue.path.join('.') || '(properties)'}: ${issue.message}`, code)
    }
    const geometryError = checkGeometry(feature.geometry, rules.geometryTypes)
    if (geometryError) return reject(geometryError, code)

    const props = parsed.data as PropsOf<K>
    const seenAt = firstIndexOfCode.get(props.code)
    if (seenAt !== undefined) return reject(`duplicate code ${props.code} (first at feature ${seenAt})`, props.code)
    firstIndexOfCode.set(props.code, index)

    const geometry = geometryToWgs84(to2d(feature.geometry), crs)
    const outOfRange = findOutOfRange(geometry)
    if (outOfRange) return reject(`coordinate ${formatPosition(outOfRange)} is out of range after conversion`, code)
    valid.push({ index, properties: props, geometry })
  })
  return { features: valid, rejections }
}

/** How deeply positions are nested in `coordinates` for each geometry type (a position is depth 1). */
const COORDINATE_DEPTH: Record<string, number> = {
  Point: 1,
  MultiPoint: 2,
  LineString: 2,
  MultiLineString: 3,
  Polygon: 3,
  MultiPolygon: 4,
}

export function checkGeometry(geometry: unknown, allowed: readonly string[]): string | undefined {
  if (!isObject(geometry)) return 'geometry is missing'
  if (!allowed.includes(geometry.type as string)) {
    return `geometry type ${String(geometry.type)} is not allowed here (expected ${allowed.join(' or ')})`
  }
  const positions: Position[] = []
  const depth = COORDINATE_DEPTH[geometry.type as string]
  const ok = collectPositions((geometry as { coordinates: unknown }).coordinates, depth, positions)
  if (!ok || positions.length === 0) {
    return `geometry coordinates are malformed (a ${String(geometry.type)} nests positions ${depth} deep; a position is [longitude, latitude] or [longitude, latitude, height])`
  }
  const bad = positions.find((p) => !isInRange(p))
  if (bad) return `coordinate ${formatPosition(bad)} is out of range (longitude −180…180, latitude −90…90)`
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
    const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Position[][][]
    for (const rings of polygons) {
      if (rings.length === 0) return 'polygon has no rings'
      for (const ring of rings) {
        if (ring.length < 4) return 'polygon ring has fewer than 4 positions'
        const [a, b] = [ring[0], ring[ring.length - 1]]
        if (a[0] !== b[0] || a[1] !== b[1]) return 'polygon ring is not closed (first and last positions differ)'
      }
    }
  }
  return undefined
}

/** Collects positions nested exactly `depth` deep; false when the nesting or a position is malformed. */
function collectPositions(c: unknown, depth: number, out: Position[]): boolean {
  if (!Array.isArray(c)) return false
  if (depth === 1) {
    if (c.length < 2 || c.length > 3 || !c.every((n) => typeof n === 'number')) return false
    out.push(c as Position)
    return true
  }
  return c.every((child) => collectPositions(child, depth - 1, out))
}

/** Drops heights: areas and points are stored in 2-D. */
export function to2d(geometry: Geometry): Geometry {
  return mapPositions(geometry, (p) => (p.length > 2 ? [p[0], p[1]] : p))
}

export function findOutOfRange(geometry: Geometry): Position | undefined {
  const positions: Position[] = []
  collectPositions((geometry as { coordinates: unknown }).coordinates, COORDINATE_DEPTH[geometry.type], positions)
  return positions.find((p) => !isInRange(p))
}

function isInRange(p: Position): boolean {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A position as text, naming Infinity and NaN (JSON.stringify would print them as null). */
export function formatPosition(p: readonly unknown[]): string {
  return `[${p.map((v) => (typeof v === 'number' ? String(v) : JSON.stringify(v))).join(',')}]`
}
