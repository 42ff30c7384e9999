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
   * The same stations' reach with every edge open (same cut-off): with `closed`, only what the closed
   * edges change is walked again (walk-without-edges.ts).
   */
  open?: NetworkReach
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
  const { cutoffMeters, maxSnapMeters = DEFAULT_SNAP_METERS, closed, open } = options
  const fromOpen = closed && open && open.stationSnaps.length === stations.length ? open : undefined
  // A station keeps its joining point unless its own edge closed.
  const stationSnaps = stations.map(([lon, lat], s) => {
    const before = fromOpen?.stationSnaps[s]
    return before !== undefined && (before === null || !closed![before.edge]) ? before : snapToWalkNetwork(net, lon, lat, maxSnapMeters, closed)
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
  const changed = new Set<number>()
  if (fromOpen) stationSnaps.forEach((snap, s) => snap !== fromOpen.stationSnaps[s] && changed.add(s))
  const nodes = fromOpen ? walkWithoutEdges(net, fromOpen.nodes, seeds, cutoffMeters, closed!, changed) : walkFromSources(net, seeds, cutoffMeters, closed)

  const count = places.lon.length
  const meters = new Float64Array(count).fill(Infinity)
  const station = new Int32Array(count).fill(-1)
  const served = new Uint8Array(count)
  const offNetwork = new Uint8Array(count)
  // With the open walk: a place keeps its walk unless its edge closed, a node of its edge changed, or
  // a changed station joined its edge — then only the places near the closures are walked again.
  let keep: ((e: number) => boolean) | undefined
  if (fromOpen) {
    const nodeChanged = new Uint8Array(net.nodeCount)
    for (let v = 0; v < net.nodeCount; v++) if (nodes.meters[v] !== fromOpen.nodes.meters[v] || nodes.source[v] !== fromOpen.nodes.source[v]) nodeChanged[v] = 1
    const stationEdges = new Set<number>()
    for (const s of changed) for (const snap of [stationSnaps[s], fromOpen.stationSnaps[s]]) if (snap) stationEdges.add(snap.edge)
    keep = (e) => !closed![e] && !nodeChanged[net.edgeFrom[e]] && !nodeChanged[net.edgeTo[e]] && !stationEdges.has(e)
  }
  const { edgeFrom, edgeTo, edgeLength } = net
  for (let i = 0; i < count; i++) {
    let e = snaps.edge[i]
    if (keep && e >= 0 && keep(e)) {
      meters[i] = fromOpen!.meters[i]
      station[i] = fromOpen!.station[i]
      served[i] = fromOpen!.served[i]
      offNetwork[i] = fromOpen!.offNetwork[i]
      continue
    }
    let along = snaps.along[i]
    let access = snaps.access[i]
    if (e >= 0 && closed?.[e]) {
      const again = snapToWalkNetwork(net, places.lon[i], places.lat[i], maxSnapMeters, closed)
      e = again ? again.edge : -1
      along = again ? again.along : 0
      access = again ? again.access : 0
    }
    if (e < 0) {
      offNetwork[i] = 1
      continue
    }
    // The nearer of the edge's two ends (ties to the lower station), or a station on the same edge.
    const [a, b] = [edgeFrom[e], edgeTo[e]]
    let best = access + nodes.meters[a] + along
    let by = nodes.source[a]
    const viaB = access + nodes.meters[b] + edgeLength[e] - along
    const sb = nodes.source[b]
    if (sb >= 0 && (by < 0 || viaB < best || (viaB === best && sb < by))) ((best = viaB), (by = sb))
    if (by < 0) best = Infinity
    const here = onEdge.get(e)
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
  return { meters, station, served, offNetwork, stationSnaps, nodes }
}
