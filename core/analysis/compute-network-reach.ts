// Each place's walk to its nearest station along the network: the stations and the places join
// the network by the snapping rule (snap-to-walk-network.ts), one multi-source Dijkstra from the
// stations gives every node its nearest station (walk-from-sources.ts), and a place's walk is its
// straight walk to the network plus the nearer of its edge's two ends — or, when a station joins the
// same edge, the walk along the edge between them. Metres on the network are metres walked: no
// detour factor (that exists only to approximate the network for circles, get-service-radius.ts).
import type { WalkNetwork } from './build-walk-network.js'
import { DEFAULT_SNAP_METERS, snapToWalkNetwork, type PlaceSnaps, type Snap } from './snap-to-walk-network.js'
import { walkFromSources, type WalkReach, type WalkSeed } from './walk-from-sources.js'

export interface NetworkReachOptions {
  /** The longest walk that counts (minutes × metres a minute). */
  cutoffMeters: number
  /** How far a station or place may lie from the network (default 300 m). */
  maxSnapMeters?: number
  /** 1 for each edge closed (e.g. by a live closure). */
  closed?: Uint8Array
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
  const { cutoffMeters, maxSnapMeters = DEFAULT_SNAP_METERS, closed } = options
  const stationSnaps = stations.map(([lon, lat]) => snapToWalkNetwork(net, lon, lat, maxSnapMeters, closed))
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
  const nodes = walkFromSources(net, seeds, cutoffMeters, closed)

  const count = places.lon.length
  const meters = new Float64Array(count).fill(Infinity)
  const station = new Int32Array(count).fill(-1)
  const served = new Uint8Array(count)
  const offNetwork = new Uint8Array(count)
  let best = Infinity
  let by = -1
  const take = (m: number, s: number) => {
    if (s >= 0 && (m < best || (m === best && s < by))) ((best = m), (by = s))
  }
  for (let i = 0; i < count; i++) {
    let [e, along, access] = [snaps.edge[i], snaps.along[i], snaps.access[i]]
    if (e >= 0 && closed?.[e]) {
      const again = snapToWalkNetwork(net, places.lon[i], places.lat[i], maxSnapMeters, closed)
      ;[e, along, access] = again ? [again.edge, again.along, again.access] : [-1, 0, 0]
    }
    if (e < 0) {
      offNetwork[i] = 1
      continue
    }
    best = Infinity
    by = -1
    take(access + nodes.meters[net.edgeFrom[e]] + along, nodes.source[net.edgeFrom[e]])
    take(access + nodes.meters[net.edgeTo[e]] + net.edgeLength[e] - along, nodes.source[net.edgeTo[e]])
    for (const s of onEdge.get(e) ?? []) {
      const at = stationSnaps[s]!
      take(access + at.access + Math.abs(along - at.along), s)
    }
    if (best <= cutoffMeters) {
      meters[i] = best
      station[i] = by
      served[i] = 1
    }
  }
  return { meters, station, served, offNetwork, stationSnaps, nodes }
}
