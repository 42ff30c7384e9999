// The named roads of the orientation layer (GET /api/basemap), fetched once per page: what a
// suggested site or a picked place is said to be near.
import { fetchBasemap } from '../api/read-api'
import { createPageResource } from '../api/page-resource'
import type { BasemapCollection } from '../../core/wire/read-api'

const roads = createPageResource<BasemapCollection>(fetchBasemap)

export const loadRoads = roads.load

/** The roads, or null until (or unless) they arrive. */
export const useRoads = roads.use
