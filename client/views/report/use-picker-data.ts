// What the report form's map needs besides the area tiles: where to open it (the worker's own
// area, at street zoom), the roads and the area names to find one's way, and the grid polygons
// that name the picked place. Each piece is fetched once; a failed one is simply left out.
import { useEffect, useState } from 'react'
import type { Point } from 'geojson'
import { fetchArea, fetchAreas, fetchBasemap } from '../../api/read-api'
import { loadAreaIndex } from '../../areas/use-area-names'
import { loadLabelFont } from '../../map/label-font'
import { indexAreasByCode, toPlaceAreas, type PlaceArea } from '../../areas/place-names'
import type { AreaCollection, AreaProps, BasemapCollection } from '../../../core/wire/read-api'

export interface PickerData {
  /** Where the map opens: the user's area (null: the district, when it has none or it failed), and
   *  whether it is small enough to open at street zoom (a grid or a community, not a street or the district). */
  focus: { bbox: [number, number, number, number]; local: boolean } | null
  roads: BasemapCollection
  labels: AreaCollection<Point>
  grids: PlaceArea[]
  parents: Map<string, Pick<AreaProps, 'code' | 'name' | 'name_en'>>
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const

/** Null until the map's first view and layers are known (the names follow when they arrive). */
export function usePickerData(area: string | null): { ready: Omit<PickerData, 'grids' | 'parents'> | null; grids: PlaceArea[]; parents: PickerData['parents'] } {
  const [ready, setReady] = useState<Omit<PickerData, 'grids' | 'parents'> | null>(null)
  const [grids, setGrids] = useState<PlaceArea[]>([])
  const [parents, setParents] = useState<PickerData['parents']>(new Map())

  useEffect(() => {
    const abort = new AbortController()
    const soft = <T,>(p: Promise<T>, fallback: T) => p.catch(() => fallback)
    void Promise.all([
      area ? soft(fetchArea(area, abort.signal).then((a) => ({ bbox: a.bbox, local: a.properties.level === 'grid' || a.properties.level === 'community' })), null) : Promise.resolve(null),
      soft(fetchBasemap(abort.signal), EMPTY as unknown as BasemapCollection),
      soft(fetchAreas({ geometry: 'label' }, abort.signal), EMPTY as unknown as AreaCollection<Point>),
    ]).then(async ([focus, roads, labels]) => {
      // The names' pieces of the label font in the document before the map draws a glyph (a piece
      // not yet loaded would draw boxes, and MapLibre keeps a glyph once drawn).
      await loadLabelFont([labels, roads])
      if (!abort.signal.aborted) setReady({ focus, roads, labels })
    })
    void soft(fetchAreas({ level: 'grid' }, abort.signal), null).then((c) => !abort.signal.aborted && c && setGrids(toPlaceAreas(c.features)))
    void soft(loadAreaIndex(), null).then((index) => !abort.signal.aborted && index && setParents(indexAreasByCode(index.values())))
    return () => abort.abort()
  }, [area])

  return { ready, grids, parents }
}
