// computeCoverage on the walking network: the same figures (residents served per area of a level
// and for the district, each area's covered share and its gap polygons), with each building's walk
// measured along the streets (compute-network-reach.ts) instead of a circle's radius.
//
// Residents are counted exactly: a building is served when its own walk — straight to the network,
// then along it — is within the cut-off. The drawn service area (what the covered shares and gaps
// are made of) is a strip either side of the street pieces reached with `stripMeters` to spare,
// `stripMeters` wide (default 50 m, a block's frontage), ending square at a piece's end: every point
// in it is within the walk (a straight walk of at most `stripMeters` from a street point reached
// with that much left). Round ends and joins made Clipper's union of the overlapping strips 2.5×
// slower (a city: 3.9 s against 1.5–1.9 s; the walk itself is 45 ms of it). Why a
// strip and not a concave hull of the reached nodes: a hull bridges the river and the expressway
// (the very barriers the network exists to show) and fills a walled compound; the strip follows
// the streets and leaves a barrier's far side uncovered.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import Flatbush from 'flatbush'
import { EndType, JoinType, areaPathsD, inflatePathsD, rectClipLines, type PathD, type PathsD } from 'clipper2-ts'
import { toMultiPolygon } from './internal/clipper-geojson.js'
import type { WalkNetwork } from './build-walk-network.js'
import type { CoverageAreaInput, CoverageDemandInput, CoverageResult } from './compute-coverage.js'
import { computeNetworkReach, type NetworkReach } from './compute-network-reach.js'
import type { DemandIndex } from './create-demand-index.js'
import { assembleCoverage, checkTargetPct, selectLevelAreas } from './internal/assemble-coverage.js'
import { coverAreas } from './internal/cover-areas.js'
import type { PlaceSnaps } from './snap-to-walk-network.js'

/** How far an arc of the offset may stray (m): a few vertices, not dozens. */
const ARC_TOLERANCE_M = 2.5

/** What a walk on the network is asked of: the areas, the demand points (indexed, and joined to the network once), the facilities and the network. */
export interface NetworkCoverageInput<A extends CoverageAreaInput, D extends CoverageDemandInput> {
  areas: FeatureCollection<Polygon | MultiPolygon, A>
  demand: DemandIndex<D>
  facilities: FeatureCollection<Point>
  network: WalkNetwork
  /** The demand points snapped to the network (snapPlaces over the index's lon and lat). */
  snaps: PlaceSnaps
}

export interface NetworkCoverageOptions {
  /** The longest walk that counts, in metres (minutes × metres a minute: no detour factor on the network). */
  cutoffMeters: number
  level: string
  targetPct?: number
  /** Width of the drawn service area either side of a reached street (default 50 m). */
  stripMeters?: number
  /** 1 for each edge closed (live closures). */
  closed?: Uint8Array
  /** Also the outline of the whole service area (the strips' union), as the map draws it. */
  outline?: boolean
}

export interface NetworkCoverageResult<A> extends CoverageResult<A> {
  reach: NetworkReach
  /** With `outline`: the strips' union, one feature (empty when nothing is reached). */
  serviceArea?: FeatureCollection<MultiPolygon, { stations: number; areaSqm: number }>
}

/** The pieces of edge e reached with `budget` metres to spare, as [from, to] metres along it. */
function reachedPieces(net: WalkNetwork, reach: NetworkReach, nodeMeters: Float64Array, e: number, budget: number, onEdge: number[]): [number, number][] {
  const len = net.edgeLength[e]
  const spans: [number, number][] = []
  const fromLeft = budget - nodeMeters[net.edgeFrom[e]]
  if (fromLeft > 0) spans.push([0, Math.min(len, fromLeft)])
  const toLeft = budget - nodeMeters[net.edgeTo[e]]
  if (toLeft > 0) spans.push([Math.max(0, len - toLeft), len])
  for (const s of onEdge) {
    const at = reach.stationSnaps[s]!
    const left = budget - at.access
    if (left > 0) spans.push([Math.max(0, at.along - left), Math.min(len, at.along + left)])
  }
  spans.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push([...span])
  }
  return merged
}

/** The part of edge e between `from` and `to` metres along it, in the network's local metres. */
function edgePart(net: WalkNetwork, e: number, from: number, to: number): PathD {
  const { x0, y0, x1, y1, along } = net.segments
  const path: PathD = []
  const end = net.edgeSegments[e + 1]
  for (let s = net.edgeSegments[e]; s < end; s++) {
    const start = along[s]
    const stop = s + 1 < end ? along[s + 1] : net.edgeLength[e]
    if (stop < from || start > to) continue
    const t = (m: number) => (stop > start ? Math.max(0, Math.min(1, (m - start) / (stop - start))) : 0)
    const [ta, tb] = [t(from), t(to)]
    if (!path.length) path.push({ x: x0[s] + ta * (x1[s] - x0[s]), y: y0[s] + ta * (y1[s] - y0[s]) })
    path.push({ x: x0[s] + tb * (x1[s] - x0[s]), y: y0[s] + tb * (y1[s] - y0[s]) })
  }
  return path
}

/** How far (m) a vertex may lie off the line of its neighbours and still be dropped: a street's cuts (off by the coordinates' six decimals, ~0.1 m), not its bends. */
const STRAIGHT_TOLERANCE_M = 0.25

/**
 * The path without the vertices that lie on the straight line between their neighbours: where a street
 * was cut into many lines, each cut is a vertex that Clipper would offset as a join of its own.
 */
function dropStraightVertices(path: PathD): PathD {
  if (path.length < 3) return path
  const kept: PathD = [path[0]]
  for (let k = 1; k < path.length - 1; k++) {
    const a = kept[kept.length - 1]
    const [b, c] = [path[k], path[k + 1]]
    const len = Math.hypot(c.x - a.x, c.y - a.y)
    const off = len === 0 ? Math.hypot(b.x - a.x, b.y - a.y) : Math.abs((c.x - a.x) * (b.y - a.y) - (c.y - a.y) * (b.x - a.x)) / len
    // Dropped only when it lies between them, not where the line doubles back on itself.
    const between = (b.x - a.x) * (c.x - a.x) + (b.y - a.y) * (c.y - a.y) >= 0 && (b.x - c.x) * (a.x - c.x) + (b.y - c.y) * (a.y - c.y) >= 0
    if (off > STRAIGHT_TOLERANCE_M || !between) kept.push(b)
  }
  kept.push(path[path.length - 1])
  return kept
}

/**
 * Population and area coverage per area of `options.level` by walks along `network`.
 *
 * @example
 * const snaps = snapPlaces(net, index)
 * const { summary } = computeNetworkCoverage({ areas, demand: index, facilities, network: net, snaps }, { cutoffMeters: 1200, level: 'grid' })
 */
export function computeNetworkCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: NetworkCoverageInput<A, D>,
  options: NetworkCoverageOptions,
): NetworkCoverageResult<A> {
  checkTargetPct(options.targetPct)
  const { network: net } = input
  const cutoff = options.cutoffMeters
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`cutoffMeters must be a positive number, not ${cutoff}`)
  const strip = options.stripMeters ?? 50
  const stations = input.facilities.features.map((f) => f.geometry.coordinates as [number, number])
  const reach = computeNetworkReach(net, stations, input.demand, input.snaps, { cutoffMeters: cutoff, closed: options.closed })

  const { meters: nodeMeters, source: nodeStation } = reach.nodes
  const onEdge = new Map<number, number[]>()
  reach.stationSnaps.forEach((snap, s) => snap && onEdge.set(snap.edge, [...(onEdge.get(snap.edge) ?? []), s]))

  // The reached street pieces, and which station reaches each (for the areas' count of stations in reach).
  const pieces: PathsD = []
  const pieceStation: number[] = []
  const budget = cutoff - strip
  const stationOfEdge = (e: number) => {
    const ends = [nodeStation[net.edgeFrom[e]], nodeStation[net.edgeTo[e]], ...(onEdge.get(e) ?? [])].filter((s) => s >= 0)
    return ends.length ? Math.min(...ends) : -1
  }
  // An edge reached end to end is a whole piece; runs of them through nodes where only two edges
  // meet (a street cut at driveways and kerbs, as an OpenStreetMap extract's ways are) are joined
  // into one line first: a city's network cut into ~20 m lines has 4× the pieces of its block sides,
  // and Clipper's union of their strips took 10× as long (16 s against 1.6 s for 555 stations).
  const whole = new Uint8Array(net.edgeCount)
  for (let e = 0; e < net.edgeCount; e++) {
    if (options.closed?.[e]) continue
    const spans = reachedPieces(net, reach, nodeMeters, e, budget, onEdge.get(e) ?? [])
    if (spans.length === 1 && spans[0][0] === 0 && spans[0][1] === net.edgeLength[e]) {
      whole[e] = 1
      continue
    }
    for (const [from, to] of spans) {
      const path = edgePart(net, e, from, to)
      if (path.length < 2) continue
      pieces.push(path)
      pieceStation.push(stationOfEdge(e))
    }
  }
  const joined = new Uint8Array(net.edgeCount)
  /** The other whole edge, of the same station, at node n where only two edges meet (or -1). */
  const onward = (n: number, e: number, station: number) => {
    if (net.offsets[n + 1] - net.offsets[n] !== 2) return -1
    const k = net.adjacentEdge[net.offsets[n]] === e ? net.offsets[n] + 1 : net.offsets[n]
    const next = net.adjacentEdge[k]
    return next !== e && whole[next] && !joined[next] && stationOfEdge(next) === station ? next : -1
  }
  for (let e = 0; e < net.edgeCount; e++) {
    if (!whole[e] || joined[e]) continue
    joined[e] = 1
    const station = stationOfEdge(e)
    let path = edgePart(net, e, 0, net.edgeLength[e])
    // Forward from the edge's last node, then backward from its first.
    for (const forward of [true, false]) {
      let [at, from] = [forward ? net.edgeTo[e] : net.edgeFrom[e], e]
      for (let next = onward(at, from, station); next >= 0; next = onward(at, from, station)) {
        joined[next] = 1
        const along = edgePart(net, next, 0, net.edgeLength[next])
        const leavesFromStart = net.edgeFrom[next] === at
        const part = leavesFromStart ? along : along.reverse()
        path = forward ? path.concat(part.slice(1)) : part.slice(0, -1).concat(path)
        at = leavesFromStart ? net.edgeTo[next] : net.edgeFrom[next]
        from = next
      }
    }
    if (path.length < 2) continue
    pieces.push(dropStraightVertices(path))
    pieceStation.push(station)
  }
  // Each area is clipped against the strips of the pieces near it, offset together (one offset of
  // many paths joins them; its union is most of the time): where a strip per piece clipped area by
  // area took 1.5 s for the demo's 35 outdoor-worker stations, this takes ~0.3 s. The whole service
  // area (`outline`) is one offset of every piece.
  const index = new Flatbush(Math.max(1, pieces.length))
  for (const path of pieces) {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const p of path) ((x0 = Math.min(x0, p.x)), (y0 = Math.min(y0, p.y)), (x1 = Math.max(x1, p.x)), (y1 = Math.max(y1, p.y)))
    index.add(x0 - strip, y0 - strip, x1 + strip, y1 + strip)
  }
  if (!pieces.length) index.add(0, 0, 0, 0)
  index.finish()
  const stripsOf = (paths: PathsD): PathsD => (paths.length ? inflatePathsD(paths, strip, JoinType.Square, EndType.Butt, 2, 2, ARC_TOLERANCE_M) : [])

  const level = selectLevelAreas(input.areas, options.level)
  const { areas, gaps } = coverAreas(level, net.projection, (box) => {
    const near = pieces.length ? index.search(box.x0, box.y0, box.x1, box.y1) : []
    if (!near.length) return { shapes: [], inReach: 0 }
    // Only what lies within a strip's width of the area's box can cover it: the pieces cut to that box first.
    const cut = rectClipLines({ left: box.x0 - strip, top: box.y0 - strip, right: box.x1 + strip, bottom: box.y1 + strip }, near.map((k) => pieces[k]))
    return { shapes: stripsOf(cut), inReach: new Set(near.map((k) => pieceStation[k]).filter((s) => s >= 0)).size }
  })
  const result = assembleCoverage(input.demand, input.areas, reach.served, areas.features, gaps.features, { radiusMeters: cutoff, level: options.level, targetPct: options.targetPct })
  if (!options.outline) return { ...result, reach }
  const serviceShape = stripsOf(pieces)
  const serviceArea: NetworkCoverageResult<A>['serviceArea'] = {
    type: 'FeatureCollection',
    features: serviceShape.length
      ? [{ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: toMultiPolygon(serviceShape, net.projection.toLonLat) }, properties: { stations: reach.stationSnaps.filter(Boolean).length, areaSqm: Math.abs(areaPathsD(serviceShape)) } }]
      : [],
  }
  return { ...result, reach, serviceArea }
}
