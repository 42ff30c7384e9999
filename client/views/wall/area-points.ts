// Every area's label point (GET /api/areas?geometry=label), fetched once per page: the wall's map
// draws the names there, and a hotspot is named by where it lies from its grid's point ("·北").
import { useEffect, useState } from 'react'
import type { Point } from 'geojson'
import { fetchAreas } from '../../api/read-api'
import type { AreaCollection } from '../../../core/wire/read-api'

export type AreaPoints = ReadonlyMap<string, [number, number]>

let loading: Promise<AreaCollection<Point>> | null = null

/** The label points, fetched once per page (a failed fetch is tried again on the next call). */
export function loadAreaLabels(): Promise<AreaCollection<Point>> {
  loading ??= fetchAreas({ geometry: 'label' })
  loading.catch(() => (loading = null))
  return loading
}

/** The label point of every area by its code; null until they arrive. */
export function useAreaPoints(): AreaPoints | null {
  const [points, setPoints] = useState<AreaPoints | null>(null)
  useEffect(() => {
    let live = true
    loadAreaLabels().then(
      (c) => live && setPoints(new Map(c.features.map((f) => [f.properties.code, f.geometry.coordinates as [number, number]]))),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])
  return points
}
