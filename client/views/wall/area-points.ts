// Every area's label point (GET /api/areas?geometry=label), fetched once per page: the wall's map
// draws the names there, and a hotspot is named by where it lies from its grid's point ("·北").
import { useMemo } from 'react'
import type { Point } from 'geojson'
import { fetchAreas } from '../../api/read-api'
import { createPageResource } from '../../api/page-resource'
import type { AreaCollection } from '../../../core/wire/read-api'

export type AreaPoints = ReadonlyMap<string, [number, number]>

const labels = createPageResource<AreaCollection<Point>>(() => fetchAreas({ geometry: 'label' }))

/** The label points, fetched once per page (a failed fetch is tried again on the next call). */
export const loadAreaLabels = labels.load

/** The label point of every area by its code; null until they arrive. */
export function useAreaPoints(): AreaPoints | null {
  const collection = labels.use()
  return useMemo(() => (collection ? new Map(collection.features.map((f) => [f.properties.code, f.geometry.coordinates as [number, number]])) : null), [collection])
}
