// Payloads of the read API (REST, GeoJSON in EPSG:4326): what the server sends and the client
// reads, typed once for both sides.
import { z } from 'zod'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'
import type { AreaKind, AreaLevel } from '../domain/areas.js'
import type { FacilityType } from '../domain/facilities.js'

export type { AreaKind, AreaLevel, FacilityType }

export type Basemap =
  | { kind: 'none' }
  | { kind: 'osm' }
  | { kind: 'tianditu'; key: string }
  | { kind: 'style'; url: string }

export type BasemapKind = Basemap['kind']

/** GET /api/config */
export interface ServerConfigPayload {
  version: string
  dataVersion: string
  basemap: Basemap
  /** The district's extent [w, s, e, n]; null on an empty database. */
  bbox: [number, number, number, number] | null
  /** The data is the synthetic demo (every area synthetic), and the living demo's activity runs on it. */
  demo: { synthetic: boolean; activity: boolean }
}

/** GET /api/health */
/** GET /api/health: anonymous callers get `{ ok }` only; signed-in ones the rest. */
export interface HealthPayload {
  ok: true
  version?: string
  db?: 'embedded' | 'server'
  counts?: { areas: number; facilities: number; demand_points: number; facility_types: number }
}

export interface AreaProps {
  code: string
  name: string
  name_en: string | null
  level: AreaLevel
  kind: AreaKind
  parent_code: string | null
  population: number | null
  households: number | null
  synthetic: boolean
}

export type AreaGeometryMode = 'full' | 'label' | 'none'
export type AreaFeature<G extends MultiPolygon | Point | null = MultiPolygon | Point | null> = Feature<G, AreaProps> & { id: number }
export type AreaCollection<G extends MultiPolygon | Point | null = MultiPolygon | Point | null> = FeatureCollection<G, AreaProps> & {
  features: AreaFeature<G>[]
}

/** GET /api/areas/:code: one area with its figures (the leader's phone masked). */
export interface AreaDetailProps extends AreaProps {
  leader_name: string | null
  leader_phone: string | null
  area_km2: number
  children_count: number
  facilities_count: number
  /** Residents of the demand points inside the area. */
  demand_population: number
}
export type AreaDetailFeature = Feature<MultiPolygon, AreaDetailProps> & {
  id: number
  bbox: [number, number, number, number]
}

export interface FacilityProps {
  code: string
  name: string
  name_en: string | null
  type: string
  address: string | null
  opening_hours: string | null
  services: string[]
  area_code: string | null
  synthetic: boolean
}
export type FacilityFeature = Feature<Point, FacilityProps> & { id: number }
export type FacilityCollection = FeatureCollection<Point, FacilityProps> & { features: FacilityFeature[] }

export interface DemandPointProps {
  code: string
  population: number
  households: number | null
  area_code: string | null
}
export type DemandPointCollection = FeatureCollection<Point, DemandPointProps> & {
  /** True when the bbox held more points than the limit and only the first were sent. */
  truncated: boolean
}

export interface BasemapProps {
  kind: 'river' | 'road'
  name: string | null
  name_en: string | null
  road_class?: 'primary' | 'secondary'
}
export type BasemapCollection = FeatureCollection<Polygon | MultiPolygon | LineString, BasemapProps>

/**
 * A `bbox=w,s,e,n` query in degrees: four finite numbers, within the globe, west < east and
 * south < north (GET /api/demand-points, GET /api/issues).
 */
export const bboxQuerySchema = z
  .string({ error: 'required: w,s,e,n in degrees' })
  .transform((s) => s.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))))
  .refine((a) => a.length === 4 && a.every(Number.isFinite), 'expected four numbers w,s,e,n')
  .refine(([w, s, e, n]) => Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90, 'out of range')
  .refine(([w, s, e, n]) => w < e && s < n, 'west must be less than east and south less than north')
  .transform((a) => a as [number, number, number, number])
