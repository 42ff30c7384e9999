// The walking network as a compact graph: nodes where edges meet, every edge walkable both ways,
// adjacency in compressed sparse rows (typed arrays: a city's 150,000 edges in a few megabytes, no
// object per node or edge), and a static R-tree (flatbush) over the edges' segments for snapping.
//
// Topology comes from the edges' ends only: two edges meet where an end of one lies on an end of
// the other (to 1e-7°, about a centimetre). A line that crosses another without a shared end — a
// bridge over a street, an underpass — does not connect to it; the import (or the demo's network)
// splits streets at their real junctions. Interior vertices are geometry: they give an edge its
// length (along the sphere, haversine) and its shape for snapping.
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson'
import Flatbush from 'flatbush'
import { createLocalMeters, haversineMeters, type LocalMeters } from './internal/local-meters.js'

export interface WalkNetwork {
  nodeCount: number
  edgeCount: number
  nodeLon: Float64Array
  nodeLat: Float64Array
  /** Each edge's end nodes and its length in metres along its line. */
  edgeFrom: Uint32Array
  edgeTo: Uint32Array
  edgeLength: Float64Array
  /** The edges' input features, by edge (a MultiLineString gives one edge per line). */
  edgeFeature: Uint32Array
  /** Node n's neighbours are adjacentNode[offsets[n] … offsets[n + 1]), reached along adjacentEdge[…]. */
  offsets: Uint32Array
  adjacentNode: Uint32Array
  adjacentEdge: Uint32Array
  /** The edges' segments in local metres, for snapping: segment s runs from (x0, y0) to (x1, y1) on edge segmentEdge[s], starting segmentAlong[s] metres from the edge's first node. */
  segments: { x0: Float64Array; y0: Float64Array; x1: Float64Array; y1: Float64Array; edge: Uint32Array; along: Float64Array; index: Flatbush }
  /** Edge e's segments are segments[edgeSegments[e] … edgeSegments[e + 1]), from its first node to its last. */
  edgeSegments: Uint32Array
  projection: LocalMeters
}

/** Decimals of a degree that make two ends one node (1e-7°, about a centimetre). A line whose ends are one node is a loop, and dropped. */
const KEY_DIGITS = 7

/**
 * The network of `lines` (LineStrings, or MultiLineStrings: each line one edge).
 *
 * @example
 * const net = buildWalkNetwork(roads)
 * net.nodeCount, net.edgeCount // nodes where the lines' ends meet, one edge per line
 */
export function buildWalkNetwork(lines: FeatureCollection<LineString | MultiLineString> | Feature<LineString | MultiLineString>[]): WalkNetwork {
  const features = Array.isArray(lines) ? lines : lines.features
  const parts: { coords: number[][]; feature: number }[] = []
  let minLat = Infinity
  let maxLat = -Infinity
  features.forEach((f, i) => {
    const g = f.geometry
    for (const coords of g.type === 'LineString' ? [g.coordinates] : g.coordinates) {
      if (coords.length < 2) continue
      parts.push({ coords, feature: i })
      for (const [, lat] of coords) ((minLat = Math.min(minLat, lat)), (maxLat = Math.max(maxLat, lat)))
    }
  })
  const projection = createLocalMeters(Number.isFinite(minLat) ? (minLat + maxLat) / 2 : 0)

  const nodeOf = new Map<string, number>()
  const lon: number[] = []
  const lat: number[] = []
  const node = (p: number[]) => {
    const key = `${p[0].toFixed(KEY_DIGITS)},${p[1].toFixed(KEY_DIGITS)}`
    let n = nodeOf.get(key)
    if (n === undefined) {
      nodeOf.set(key, (n = lon.length))
      lon.push(p[0])
      lat.push(p[1])
    }
    return n
  }
  const from: number[] = []
  const to: number[] = []
  const length: number[] = []
  const featureOf: number[] = []
  let segmentCount = 0
  const kept: number[][][] = []
  for (const { coords, feature } of parts) {
    const a = node(coords[0])
    const b = node(coords[coords.length - 1])
    if (a === b) continue
    let metres = 0
    for (let k = 1; k < coords.length; k++) metres += haversineMeters(coords[k - 1][0], coords[k - 1][1], coords[k][0], coords[k][1])
    from.push(a)
    to.push(b)
    length.push(metres)
    featureOf.push(feature)
    kept.push(coords)
    segmentCount += coords.length - 1
  }

  const nodeCount = lon.length
  const edgeCount = from.length
  const degree = new Uint32Array(nodeCount + 1)
  for (let e = 0; e < edgeCount; e++) ((degree[from[e] + 1] += 1), (degree[to[e] + 1] += 1))
  const offsets = new Uint32Array(nodeCount + 1)
  for (let n = 0; n < nodeCount; n++) offsets[n + 1] = offsets[n] + degree[n + 1]
  const fill = offsets.slice(0, nodeCount)
  const adjacentNode = new Uint32Array(2 * edgeCount)
  const adjacentEdge = new Uint32Array(2 * edgeCount)
  for (let e = 0; e < edgeCount; e++) {
    adjacentNode[fill[from[e]]] = to[e]
    adjacentEdge[fill[from[e]]++] = e
    adjacentNode[fill[to[e]]] = from[e]
    adjacentEdge[fill[to[e]]++] = e
  }

  const seg = {
    x0: new Float64Array(segmentCount),
    y0: new Float64Array(segmentCount),
    x1: new Float64Array(segmentCount),
    y1: new Float64Array(segmentCount),
    edge: new Uint32Array(segmentCount),
    along: new Float64Array(segmentCount),
  }
  const index = new Flatbush(Math.max(1, segmentCount))
  const edgeSegments = new Uint32Array(kept.length + 1)
  let s = 0
  kept.forEach((coords, e) => {
    edgeSegments[e] = s
    // Along-edge metres on the sphere, scaled so the segments add up to the edge's length.
    let along = 0
    for (let k = 1; k < coords.length; k++) {
      const [x0, y0, x1, y1] = [projection.x(coords[k - 1][0]), projection.y(coords[k - 1][1]), projection.x(coords[k][0]), projection.y(coords[k][1])]
      seg.x0[s] = x0
      seg.y0[s] = y0
      seg.x1[s] = x1
      seg.y1[s] = y1
      seg.edge[s] = e
      seg.along[s] = along
      along += haversineMeters(coords[k - 1][0], coords[k - 1][1], coords[k][0], coords[k][1])
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))
      s++
    }
  })
  edgeSegments[kept.length] = s
  if (segmentCount === 0) index.add(0, 0, 0, 0)
  index.finish()

  return {
    nodeCount,
    edgeCount,
    nodeLon: Float64Array.from(lon),
    nodeLat: Float64Array.from(lat),
    edgeFrom: Uint32Array.from(from),
    edgeTo: Uint32Array.from(to),
    edgeLength: Float64Array.from(length),
    edgeFeature: Uint32Array.from(featureOf),
    offsets,
    adjacentNode,
    adjacentEdge,
    segments: { ...seg, index },
    edgeSegments,
    projection,
  }
}
