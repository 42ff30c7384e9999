// A point named the way a grid worker or a planner says it: the grid it stands in and that grid's
// community ("东门社区第1网格 › 东门社区"), and the nearest named road — instead of a lon/lat pair.
// Pure: the areas and roads come in, a name comes out (the report form and the planner share it).
import type { LineString, MultiPolygon, Polygon } from 'geojson'
import { booleanPointInPolygon, pointToLineDistance } from '@turf/turf'
import type { AreaFeature, AreaProps, BasemapCollection } from '../../core/wire/read-api'

type Named = { name: string; name_en?: string | null }
type Language = 'zh-CN' | 'en'

/** An area with its polygon: what the lookups need of /api/areas?level=grid or the coverage inputs. */
export interface PlaceArea {
  geometry: Polygon | MultiPolygon
  properties: Pick<AreaProps, 'code' | 'name' | 'name_en' | 'parent_code'> & { kind?: string | null }
}

export interface PlacePart {
  code: string
  name: string
  name_en: string | null
}

export interface Place {
  grid: PlacePart
  /** The grid's community (its parent), when known. */
  community: PlacePart | null
}

export interface NearestRoad {
  name: string
  name_en: string | null
  distanceMeters: number
}

const localName = (x: Named, language: Language) => (language === 'en' && x.name_en ? x.name_en : x.name)

/**
 * The grid a point stands in (a comprehensive grid before an exclusive one laid over it) and its
 * community, or null outside every grid.
 *
 * @example findPlace(grids, names, 109.19, 27.72) // { grid: { name: '东门社区第1网格', … }, community: { name: '东门社区', … } }
 */
export function findPlace(
  grids: readonly PlaceArea[],
  parents: ReadonlyMap<string, Pick<AreaProps, 'code' | 'name' | 'name_en'>>,
  lon: number,
  lat: number,
): Place | null {
  let hit: PlaceArea | null = null
  for (const g of grids) {
    if (!booleanPointInPolygon([lon, lat], g.geometry)) continue
    hit = g
    if (g.properties.kind !== 'exclusive') break
  }
  if (!hit) return null
  const p = hit.properties
  const parent = p.parent_code ? parents.get(p.parent_code) : undefined
  return {
    grid: { code: p.code, name: p.name, name_en: p.name_en ?? null },
    community: parent ? { code: parent.code, name: parent.name, name_en: parent.name_en ?? null } : null,
  }
}

/** "grid › community" in the language. */
export function formatPlace(place: Place, language: Language): string {
  return [place.grid, place.community].filter((x): x is PlacePart => !!x).map((x) => localName(x, language)).join(' › ')
}

/** The named road nearest to a point (the orientation layer's roads), with how far it is. */
export function findNearestRoad(roads: BasemapCollection | null, lon: number, lat: number): NearestRoad | null {
  let best: NearestRoad | null = null
  for (const f of roads?.features ?? []) {
    if (f.properties.kind !== 'road' || !f.properties.name || f.geometry.type !== 'LineString') continue
    const d = pointToLineDistance([lon, lat], f.geometry as LineString, { units: 'meters' })
    if (!best || d < best.distanceMeters) best = { name: f.properties.name, name_en: f.properties.name_en ?? null, distanceMeters: Math.round(d) }
  }
  return best
}

/** Parents by code, from any list of areas (the coverage inputs, the area index). */
export function indexAreasByCode<T extends { code: string }>(areas: Iterable<T>): Map<string, T> {
  const m = new Map<string, T>()
  for (const a of areas) m.set(a.code, a)
  return m
}

/** Grids of an area collection with polygons (points and empty geometries left out). */
export function toPlaceAreas(features: readonly AreaFeature[]): PlaceArea[] {
  return features.flatMap((f) =>
    f.geometry?.type === 'MultiPolygon' && f.properties.level === 'grid' ? [{ geometry: f.geometry, properties: f.properties }] : [],
  )
}
