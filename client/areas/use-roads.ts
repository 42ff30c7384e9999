// The named roads of the orientation layer (GET /api/basemap), fetched once per page: what a
// suggested site or a picked place is said to be near.
import { useEffect, useState } from 'react'
import { fetchBasemap } from '../api/read-api'
import type { BasemapCollection } from '../../core/wire/read-api'

let loading: Promise<BasemapCollection> | null = null

export function loadRoads(): Promise<BasemapCollection> {
  loading ??= fetchBasemap()
  loading.catch(() => (loading = null))
  return loading
}

/** The roads, or null until (or unless) they arrive. */
export function useRoads(): BasemapCollection | null {
  const [roads, setRoads] = useState<BasemapCollection | null>(null)
  useEffect(() => {
    let live = true
    loadRoads().then(
      (r) => live && setRoads(r),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])
  return roads
}
