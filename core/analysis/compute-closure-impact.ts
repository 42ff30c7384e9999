// What live closures cost the walk: the residents served within the cut-off on the whole network
// who are not while the closures' edges are out of it (close-walk-edges.ts), for all closures
// together and for each alone, summed per area of a level. Each set of closed edges is walked from the
// open walk, again only where it changes it (walk-without-edges.ts).
//
// Each closure is also walked alone, so a closure's own figure says what reopening that one street
// would give back; the figure for all together can exceed the sum of these (two closures that each
// leave a way round, but not both) and is the one headlined. Cost: one walk without closures (or
// none: it can be passed in, as the server keeps it), then per set of closed edges the part of the
// walk it changes and a pass over the places; MAX_WALKED_ALONE bounds it where a storm floods many
// streets at once.
import { closeWalkEdges } from './close-walk-edges.js'
import type { CoverageAreaInput, CoverageDemandInput } from './compute-coverage.js'
import { computeNetworkReach, type NetworkReach } from './compute-network-reach.js'
import type { NetworkCoverageInput } from './compute-network-coverage.js'
import { createLevelAreaFinder } from './internal/level-area-finder.js'

/** Beyond this many closures, only the first ones are also walked alone (their `alone` is null after). */
export const MAX_WALKED_ALONE = 50

export interface ClosureLoss {
  /** Residents who lose their walk. */
  population: number
  /** Demand points (buildings) that lose it. */
  points: number
  /** Per area of the level, the most residents first (areas with none left out). */
  areas: { code: string; population: number; points: number }[]
}

export interface ClosureImpact {
  /** 1 for each edge closed by any closure. */
  closed: Uint8Array
  /** 1 for each demand point served without the closures and not with them all. */
  lost: Uint8Array
  /** Served with every closure in place. */
  served: Uint8Array
  /** All closures together. */
  total: ClosureLoss
  /** Each closure: the edges it closes, and its loss walked alone (null beyond MAX_WALKED_ALONE). */
  closures: { edges: number[]; alone: ClosureLoss | null }[]
}

export interface ClosureImpactOptions {
  /** The longest walk that counts, in metres. */
  cutoffMeters: number
  /** The level of areas the losses are summed by. */
  level: string
  /** The closures' points, [lon, lat]. */
  closures: readonly (readonly [number, number])[]
  /** How near a closure an edge closes (core/domain/passage-closures.ts: CLOSURE_METERS). */
  closureMeters: number
  /**
   * The reach of these facilities with this cut-off on the whole network, if already known
   * (computeNetworkReach, or computeNetworkCoverage's `reach`, without closures): saves that walk
   * when the closures change and the stations do not.
   */
  open?: NetworkReach
}

/**
 * The residents each closure, and all of them, cut off from a walk of `cutoffMeters` to the facilities.
 *
 * @example
 * const impact = computeClosureImpact({ areas, demand, facilities, network, snaps }, { cutoffMeters: 1200, level: 'grid', closures: [[106.731, 27.702]], closureMeters: 20 })
 * impact.total.population // residents who lose their 15-minute walk while it is open
 */
export function computeClosureImpact<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: NetworkCoverageInput<A, D>,
  options: ClosureImpactOptions,
): ClosureImpact {
  const { network: net, demand, snaps } = input
  const { cutoffMeters } = options
  const stations = input.facilities.features.map((f) => f.geometry.coordinates as [number, number])
  const { closed, byClosure } = closeWalkEdges(net, options.closures, options.closureMeters)
  const open = options.open ?? computeNetworkReach(net, stations, demand, snaps, { cutoffMeters })
  if (open.served.length !== demand.features.length || open.stationSnaps.length !== stations.length) {
    throw new RangeError(`open is the reach of ${open.stationSnaps.length} stations over ${open.served.length} places, not of ${stations.length} over ${demand.features.length}`)
  }
  // Each set of closed edges walked again only where it changes the walk (walk-without-edges.ts).
  const walk = (mask: Uint8Array) => computeNetworkReach(net, stations, demand, snaps, { cutoffMeters, closed: mask, previous: open }).served
  const before = open.served
  const anyClosed = byClosure.some((edges) => edges.length > 0)
  const served = anyClosed ? walk(closed) : before
  const areaOf = createLevelAreaFinder(input.areas.features.map((f) => f.properties), options.level)

  const lossOf = (after: Uint8Array): { loss: ClosureLoss; lost: Uint8Array } => {
    const lost = new Uint8Array(before.length)
    const byArea = new Map<string, { population: number; points: number }>()
    let [population, points] = [0, 0]
    if (after !== before) {
      for (let i = 0; i < before.length; i++) {
        if (!before[i] || after[i]) continue
        lost[i] = 1
        const people = demand.features[i].properties.population ?? 0
        population += people
        points++
        const code = areaOf(demand.features[i].properties.area_code)
        if (code === null) continue
        const row = byArea.get(code) ?? byArea.set(code, { population: 0, points: 0 }).get(code)!
        row.population += people
        row.points++
      }
    }
    const areas = [...byArea].map(([code, r]) => ({ code, ...r })).sort((a, b) => b.population - a.population || a.code.localeCompare(b.code))
    return { loss: { population, points, areas }, lost }
  }

  const all = lossOf(served)
  const single = byClosure.length === 1
  const closures = byClosure.map((edges, k) => {
    if (k >= MAX_WALKED_ALONE) return { edges, alone: null }
    if (!edges.length) return { edges, alone: lossOf(before).loss }
    if (single) return { edges, alone: all.loss }
    const mask = new Uint8Array(net.edgeCount)
    for (const e of edges) mask[e] = 1
    return { edges, alone: lossOf(walk(mask)).loss }
  })
  return { closed, lost: all.lost, served, total: all.loss, closures }
}
