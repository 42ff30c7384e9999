// A spatial index of demand points (residential buildings), built once and reused while
// facilities or radii change: the points are projected to local metres once and sorted into a
// uniform grid of cells (a counting sort, linear in the points), so each facility visits only the
// cells its circle overlaps. Measured on 1,000,000 points this builds in a fraction of the time a
// k-d tree takes and answers faster, because every visit is a read of adjacent typed arrays.
import type { Feature, FeatureCollection, Point } from 'geojson'
import { createLocalMeters, type LocalMeters } from './internal/local-meters.js'

export interface DemandIndex<P = unknown> {
  features: Feature<Point, P>[]
  lon: Float64Array
  lat: Float64Array
  /** Projected positions in metres, in the order of `features`. */
  x: Float64Array
  y: Float64Array
  projection: LocalMeters
  minLat: number
  maxLat: number
  grid: {
    cellMeters: number
    minX: number
    minY: number
    columns: number
    rows: number
    /** Points of cell c are order[start[c]] … order[start[c + 1] - 1]. */
    start: Int32Array
    order: Int32Array
  }
}

export interface DemandIndexOptions {
  /** Side of a grid cell; about a quarter of the usual radius suits (default 250 m). */
  cellMeters?: number
}

/** At most this many cells: a wider extent gets larger cells. */
const MAX_CELLS = 4_000_000

/**
 * Indexes the demand points (each a Point feature) for the coverage functions.
 *
 * @example
 * const index = createDemandIndex(demandPoints)
 * markServedPoints(index, facilities, { radiusMeters: 1000 }) // Uint8Array, 1 where served
 */
export function createDemandIndex<P>(demand: FeatureCollection<Point, P>, options: DemandIndexOptions = {}): DemandIndex<P> {
  const features = demand.features
  const n = features.length
  const lon = new Float64Array(n)
  const lat = new Float64Array(n)
  let minLat = Infinity
  let maxLat = -Infinity
  features.forEach((f, i) => {
    const c = f.geometry?.coordinates
    if (f.geometry?.type !== 'Point' || !c || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
      throw new TypeError(`demand point ${i} is not a Point with finite coordinates`)
    }
    lon[i] = c[0]
    lat[i] = c[1]
    if (c[1] < minLat) minLat = c[1]
    if (c[1] > maxLat) maxLat = c[1]
  })
  const projection = createLocalMeters(n ? (minLat + maxLat) / 2 : 0)
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < n; i++) {
    x[i] = projection.x(lon[i])
    y[i] = projection.y(lat[i])
    if (x[i] < minX) minX = x[i]
    if (x[i] > maxX) maxX = x[i]
    if (y[i] < minY) minY = y[i]
    if (y[i] > maxY) maxY = y[i]
  }
  if (n === 0) minX = minY = maxX = maxY = 0
  let cellMeters = options.cellMeters ?? 250
  if (!(cellMeters > 0)) throw new RangeError(`cellMeters must be positive, not ${cellMeters}`)
  const span = Math.max(maxX - minX, maxY - minY, 1)
  while ((span / cellMeters + 1) ** 2 > MAX_CELLS) cellMeters *= 2
  const columns = Math.floor((maxX - minX) / cellMeters) + 1
  const rows = Math.floor((maxY - minY) / cellMeters) + 1
  // Counting sort of the points by cell.
  const cellOf = new Int32Array(n)
  const start = new Int32Array(columns * rows + 1)
  for (let i = 0; i < n; i++) {
    const c = Math.floor((y[i] - minY) / cellMeters) * columns + Math.floor((x[i] - minX) / cellMeters)
    cellOf[i] = c
    start[c + 1]++
  }
  for (let c = 0; c < columns * rows; c++) start[c + 1] += start[c]
  const fill = start.slice(0, columns * rows)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[fill[cellOf[i]]++] = i
  return { features, lon, lat, x, y, projection, minLat, maxLat, grid: { cellMeters, minX, minY, columns, rows, start, order } }
}
