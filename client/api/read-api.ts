// Fetchers of the read API (areas, facility types, facilities, demand points, basemap),
// each returning the typed payload.
import type { MultiPolygon, Point } from 'geojson'
import { getJson } from './http'
import type {
  AreaCollection,
  AreaDetailFeature,
  AreaGeometryMode,
  AreaLevel,
  BasemapCollection,
  DemandPointCollection,
  FacilityCollection,
  FacilityType,
  HealthPayload,
  ServerConfigPayload,
} from '../../core/wire/read-api'

export function fetchServerConfig(signal?: AbortSignal): Promise<ServerConfigPayload> {
  return getJson('/api/config', undefined, signal)
}

export function fetchHealth(signal?: AbortSignal): Promise<HealthPayload> {
  return getJson('/api/health', undefined, signal)
}

export interface AreaQuery {
  level?: AreaLevel
  parent?: string
  geometry?: AreaGeometryMode
}

export function fetchAreas(query: AreaQuery & { geometry: 'label' }, signal?: AbortSignal): Promise<AreaCollection<Point>>
export function fetchAreas(query?: AreaQuery, signal?: AbortSignal): Promise<AreaCollection<MultiPolygon>>
export function fetchAreas(query: AreaQuery = {}, signal?: AbortSignal): Promise<AreaCollection> {
  return getJson('/api/areas', { level: query.level, parent: query.parent, geometry: query.geometry }, signal)
}

export function fetchArea(code: string, signal?: AbortSignal): Promise<AreaDetailFeature> {
  return getJson(`/api/areas/${encodeURIComponent(code)}`, undefined, signal)
}

export function fetchFacilityTypes(signal?: AbortSignal): Promise<FacilityType[]> {
  return getJson('/api/facility-types', undefined, signal)
}

export function fetchFacilities(query: { types?: string[]; area?: string } = {}, signal?: AbortSignal): Promise<FacilityCollection> {
  return getJson('/api/facilities', { type: query.types?.join(','), area: query.area }, signal)
}

export function fetchDemandPoints(bbox: [number, number, number, number], signal?: AbortSignal): Promise<DemandPointCollection> {
  return getJson('/api/demand-points', { bbox: bbox.join(',') }, signal)
}

export function fetchBasemap(signal?: AbortSignal): Promise<BasemapCollection> {
  return getJson('/api/basemap', undefined, signal)
}

/** Absolute URL template of a vector-tile layer (MapLibre resolves tile URLs in a worker). */
export function getTileUrlTemplate(layer: 'areas' | 'facilities' | 'demand-points' | 'roads'): string {
  return `${location.origin}/tiles/${layer}/{z}/{x}/{y}.pbf`
}
