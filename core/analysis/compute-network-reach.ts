// Each place's walk to its nearest station along the network: the stations and the places join
// the network by the snapping rule (snap-to-walk-network.ts), one multi-source Dijkstra from the
// stations gives every node its nearest station (walk-from-sources.ts), and a place's walk is its
// straight walk to the network plus the nearer of its edge's two ends — or, when a station joins the
// same edge, the walk along the edge between them. Metres on the network are metres walked: no
// detour factor (that exists only to approximate the network for circles, get-service-radius.ts).
import type { WalkNetwork } from './build-walk-network.js'
import { DEFAULT_SNAP_METERS, snapToWalkNetwork, type PlaceSnaps, type Snap } from './snap-to-walk-network.js'
import { walkFromSources, type WalkReach, type WalkSeed } from './walk-from-sources.js'
import { walkWithoutEdges } from './walk-without-edges.js'

export interface NetworkReachOptions {
  /** The longest walk that counts (minutes × metres a minute). */
  cutoffMeters: number
  /** How far a station or place may lie from the network (default 300 m). */
  maxSnapMeters?: number
  /** 1 for each edge closed (e.g. by a live closure). */
  closed?: Uint8Array
  /**
   * An earlier reach on the same network and cut-off, whose closed edges are among these (or none):
   * only what the changes since it can alter is walked again (walk-without-edges.ts) — a station
   * moved, added at the end or removed from the end, or more edges closed. Anything else (an edge
   * opened again, another cut-off) is a full walk.
   */
  previous?: NetworkReach
}

export interface NetworkReach {
  /** Metres each place walks to its nearest station: Infinity beyond the cut-off or off the network. */
  meters: Float64Array
  /** That station's index, or -1. */
  station: Int32Array
  /** 1 for each place within the cut-off. */
  served: Uint8Array
  /** 1 for each place farther than maxSnapMeters from every open edge. */
  offNetwork: Uint8Array
  /** Each station's joining point (null: off the network, it serves nobody). */
  stationSnaps: (Snap | null)[]
  /** Each node's walk to its nearest station (the service area is drawn from it). */
  nodes: WalkReach
  /** What the walk was asked: the stations' [lon, lat], the cut-off and the closed edges (a later walk starts from it). */
  stations: readonly (readonly [number, number])[]
  cutoffMeters: number
  closed?: Uint8Array
}

/** Whether `closed` closes every edge `before` closed (no edge opened again since). */
function closesAllOf(before: Uint8Array | undefined, closed: Uint8Array | undefined): boolean {
  if (!before) return true
  for (let e = 0; e < before.length; e++) if (before[e] && !closed?.[e]) return false
  return true
}

/** The stations whose walk changed since `previous` (moved, new, or gone from the end), or null when a fresh walk is needed. */
function changedSince(previous: NetworkReach | undefined, stations: readonly (readonly [number, number])[], cutoffMeters: number, closed: Uint8Array | undefined): Set<number> | null {
  if (!previous || previous.cutoffMeters !== cutoffMeters || !closesAllOf(previous.closed, closed)) return null
  const changed = new Set<number>()
  const count = Math.max(stations.length, previous.stations.length)
  for (let s = 0; s < count; s++) {
    const [a, b] = [stations[s], previous.stations[s]]
    if (!a || !b || a[0] !== b[0] || a[1] !== b[1]) changed.add(s)
  }
  // Past a quarter of the stations, walking again costs as much as a fresh walk.
  return changed.size > Math.max(8, stations.length / 4) ? null : changed
}

/** The places joining each edge (compressed rows), kept per snaps: a walk from an earlier one visits only the edges that changed. */
const byEdge = new WeakMap<PlaceSnaps, { first: Uint32Array; places: Uint32Array }>()

function placesByEdge(net: WalkNetwork, snaps: PlaceSnaps): { first: Uint32Array; places: Uint32Array } {
  let index = byEdge.get(snaps)
  if (index && index.first.length === net.edgeCount + 1) return index
  const first = new Uint32Array(net.edgeCount + 1)
  for (const e of snaps.edge) if (e >= 0) first[e + 1]++
  for (let e = 0; e < net.edgeCount; e++) first[e + 1] += first[e]
  const fill = first.slice(0, net.edgeCount)
  const list = new Uint32Array(first[net.edgeCount])
  snaps.edge.forEach((e, i) => e >= 0 && (list[fill[e]++] = i))
  index = { first, places: list }
  byEdge.set(snaps, index)
  return index
}

/**
 * The walk from each place to its nearest station within `cutoffMeters`. The places come snapped
 * (snapPlaces, once per network); one that joined a closed edge joins the nearest open one instead.
 *
 * @example
 * const snaps = snapPlaces(net, { lon: [106.731], lat: [27.702] })
 * const reach = computeNetworkReach(net, [[106.73, 27.70]], { lon: [106.731], lat: [27.702] }, snaps, { cutoffMeters: 1200 })
 * reach.meters[0] // metres walked, straight to the network and along it
 */
export function computeNetworkReach(
  net: WalkNetwork,
  stations: readonly (readonly [number, number])[],
  places: { lon: ArrayLike<number>; lat: ArrayLike<number> },
  snaps: PlaceSnaps,
  options: NetworkReachOptions,
): NetworkReach {
  const { cutoffMeters, maxSnapMeters = DEFAULT_SNAP_METERS, closed } = options
  const changed = options.previous?.meters.length === places.lon.length ? changedSince(options.previous, stations, cutoffMeters, closed) : null
  const previous = changed ? options.previous : undefined
  // A station keeps its joining point unless it moved or its own edge closed.
  const stationSnaps = stations.map(([lon, lat], s) => {
    const before = previous && !changed!.has(s) ? previous.stationSnaps[s] : undefined
    return before !== undefined && (before === null || !closed?.[before.edge]) ? before : snapToWalkNetwork(net, lon, lat, maxSnapMeters, closed)
  })
  const seeds: WalkSeed[] = []
  const onEdge = new Map<number, number[]>()
  stationSnaps.forEach((snap, source) => {
    if (!snap) return
    seeds.push({ node: net.edgeFrom[snap.edge], meters: snap.access + snap.along, source })
    seeds.push({ node: net.edgeTo[snap.edge], meters: snap.access + net.edgeLength[snap.edge] - snap.along, source })
    const list = onEdge.get(snap.edge)
    if (list) list.push(source)
    else onEdge.set(snap.edge, [source])
  })
  if (previous) stationSnaps.forEach((snap, s) => snap !== previous.stationSnaps[s] && changed!.add(s))
  const noneClosed = closed ?? new Uint8Array(net.edgeCount)
  const nodes = previous ? walkWithoutEdges(net, previous.nodes, seeds, cutoffMeters, noneClosed, changed!) : walkFromSources(net, seeds, cutoffMeters, closed)

  const count = places.lon.length
  const { edgeFrom, edgeTo, edgeLength } = net
  const meters = previous ? previous.meters.slice() : new Float64Array(count).fill(Infinity)
  const station = previous ? previous.station.slice() : new Int32Array(count).fill(-1)
  const served = previous ? previous.served.slice() : new Uint8Array(count)
  const offNetwork = previous ? previous.offNetwork.slice() : new Uint8Array(count)
  // The edges a station joins, marked: a look-up in the map for each of 200,000 places cost more than the rest of its walk.
  const stationEdge = new Uint8Array(net.edgeCount)
  for (const e of onEdge.keys()) stationEdge[e] = 1
  /** Place i's walk: by the nearer of its edge's two ends (ties to the lower station), or from a station on the same edge. */
  const walkPlace = (i: number) => {
    let e = snaps.edge[i]
    let along = snaps.along[i]
    let access = snaps.access[i]
    meters[i] = Infinity
    station[i] = -1
    served[i] = 0
    offNetwork[i] = 0
    if (e >= 0 && closed?.[e]) {
      const again = snapToWalkNetwork(net, places.lon[i], places.lat[i], maxSnapMeters, closed)
      e = again ? again.edge : -1
      along = again ? again.along : 0
      access = again ? again.access : 0
    }
    if (e < 0) {
      offNetwork[i] = 1
      return
    }
    const [a, b] = [edgeFrom[e], edgeTo[e]]
    let best = access + nodes.meters[a] + along
    let by = nodes.source[a]
    const viaB = access + nodes.meters[b] + edgeLength[e] - along
    const sb = nodes.source[b]
    if (sb >= 0 && (by < 0 || viaB < best || (viaB === best && sb < by))) ((best = viaB), (by = sb))
    if (by < 0) best = Infinity
    const here = stationEdge[e] ? onEdge.get(e) : undefined
    if (here) {
      for (const s of here) {
        const at = stationSnaps[s]!
        const direct = access + at.access + Math.abs(along - at.along)
        if (direct < best || (direct === best && s < by)) ((best = direct), (by = s))
      }
    }
    if (best <= cutoffMeters) {
      meters[i] = best
      station[i] = by
      served[i] = 1
    }
  }
  if (!previous) {
    for (let i = 0; i < count; i++) walkPlace(i)
  } else {
    // From an earlier walk: a place keeps its walk unless a node of its edge changed, a changed
    // station joined its edge, or its edge is closed (it joins another) — only those are walked again.
    const edges = new Set<number>()
    for (let v = 0; v < net.nodeCount; v++) {
      if (nodes.meters[v] === previous.nodes.meters[v] && nodes.source[v] === previous.nodes.source[v]) continue
      for (let k = net.offsets[v]; k < net.offsets[v + 1]; k++) edges.add(net.adjacentEdge[k])
    }
    for (const s of changed!) for (const snap of [stationSnaps[s], previous.stationSnaps[s]]) if (snap) edges.add(snap.edge)
    if (closed) for (let e = 0; e < net.edgeCount; e++) if (closed[e]) edges.add(e)
    const { first, places: onIt } = placesByEdge(net, snaps)
    for (const e of edges) for (let k = first[e]; k < first[e + 1]; k++) walkPlace(onIt[k])
    // A place that joined a closed edge joined another: walked again whenever that one may have changed.
    if (closed) for (let i = 0; i < count; i++) if (snaps.edge[i] >= 0 && closed[snaps.edge[i]]) walkPlace(i)
  }
  return { meters, station, served, offNetwork, stationSnaps, nodes, stations: stations.map(([lon, lat]) => [lon, lat] as const), cutoffMeters, closed: closed?.slice() }
}
