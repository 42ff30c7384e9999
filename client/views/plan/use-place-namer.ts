// Names of places on /plan: a suggested site or a planned station said as "grid › community" and
// the nearest road, from the areas the page already holds (the coverage inputs) and the roads of
// the orientation layer — not as a lon/lat pair.
import { useMemo } from 'react'
import type { MultiPolygon, Polygon } from 'geojson'
import { findNearestRoad, findPlace, formatPlace, indexAreasByCode, type PlaceArea } from '../../areas/place-names'
import { useRoads } from '../../areas/use-roads'
import { formatNumber, translate, type Language } from '../../i18n'
import { useAppStore } from '../../store'

export interface PlaceName {
  /** "东门社区第1网格 › 东门社区", or "outside the district". */
  place: string
  /** "近锦江大道（约 120 米）", when the data has roads. */
  road: string | null
}

export type NamePlace = (lon: number, lat: number) => PlaceName

/** A function naming any point of the district in the page's language. */
export function usePlaceNamer(): NamePlace {
  const inputs = useAppStore((s) => s.planInputs)
  const language = useAppStore((s) => s.language)
  const roads = useRoads()
  const areas = useMemo(() => {
    const features = inputs?.areas.features ?? []
    const grids: PlaceArea[] = features.filter((f) => f.properties.level === 'grid').map((f) => ({ geometry: f.geometry as Polygon | MultiPolygon, properties: f.properties }))
    return { grids, parents: indexAreasByCode(features.map((f) => f.properties)) }
  }, [inputs])
  return useMemo(() => createPlaceNamer(areas.grids, areas.parents, roads, language), [areas, roads, language])
}

export function createPlaceNamer(grids: PlaceArea[], parents: Parameters<typeof findPlace>[1], roads: Parameters<typeof findNearestRoad>[0], language: Language): NamePlace {
  const cache = new Map<string, PlaceName>()
  return (lon, lat) => {
    const key = `${lon},${lat}`
    let hit = cache.get(key)
    if (hit) return hit
    const found = findPlace(grids, parents, lon, lat)
    const road = findNearestRoad(roads, lon, lat)
    hit = {
      place: found ? formatPlace(found, language) : translate(language, 'plan.suggest.outside'),
      road: road ? translate(language, 'plan.place.nearRoad', {
            road: language === 'en' && road.name_en ? road.name_en : road.name,
            // To 10 m: the walk is an estimate, and "约 1,340 米" reads better than 1337.
            m: formatNumber(Math.round(road.distanceMeters / 10) * 10, language),
          }) : null,
    }
    cache.set(key, hit)
    return hit
  }
}
