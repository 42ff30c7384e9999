// New sites for a coverage question as the planner asks it — a walk, the stations that count, how
// many sites or what share to reach — answered the same way by the API and by the /plan page's
// worker: the walk's radius (getServiceRadius; on the walking network, minutes × speed along it),
// candidate places if the planner gave none (the
// weighted centres of the unserved residents in cells half the radius wide: proposeCandidateSites),
// then greedy maximal covering (suggestSites). Before this file the server and the worker each
// wired these three steps by hand, and a change of cell size in one would have made the page and
// the API disagree.
import type { FeatureCollection, Point } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'
import { getServiceRadius, type ServiceRadiusOptions } from './get-service-radius.js'
import { markServedPoints } from './mark-served-points.js'
import { proposeCandidateSites } from './propose-candidate-sites.js'
import { suggestSites, type SuggestSitesResult } from './suggest-sites.js'
import type { WalkNetwork } from './build-walk-network.js'
import { computeNetworkReach } from './compute-network-reach.js'
import { createNetworkSiteCover } from './create-network-site-cover.js'
import type { PlaceSnaps } from './snap-to-walk-network.js'

export interface SuggestForCoverageOptions<P> {
  walk: Required<ServiceRadiusOptions>
  /** At most this many new sites. */
  k?: number
  /** Stop once this share of residents is served, in percent. */
  targetPct?: number
  /** The planner's own candidate places; by default proposed from the unserved residents. */
  candidates?: FeatureCollection<Point, P>
  /** 1 per demand point the stations already serve, when the caller has it (saves a pass). */
  served?: Uint8Array
  /**
   * Suggest on the walking network: the walk is minutes × speed metres along it (no detour), the
   * stations' reach computed (or `served` taken) on it, each candidate's by a walk from it. `closed`:
   * the live closures' edges, out of every walk.
   */
  network?: { net: WalkNetwork; snaps: PlaceSnaps; closed?: Uint8Array }
}

/** The ranked sites, and the radius they were chosen for. */
export interface SuggestForCoverageResult<P> extends SuggestSitesResult<P> {
  radiusMeters: number
}

/**
 * @example
 * suggestSitesForCoverage(index, stations, { walk: { minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2 }, k: 3 })
 * // → { radiusMeters: 1000, sites: [{ rank: 1, addedPopulation: 2315, … }, …], … }
 */
export function suggestSitesForCoverage<P = Record<string, unknown> | null>(
  demand: DemandIndex<{ population?: number }>,
  stations: FeatureCollection<Point>,
  options: SuggestForCoverageOptions<P>,
): SuggestForCoverageResult<P> {
  const { network } = options
  const radiusMeters = network ? options.walk.minutes * options.walk.speedMetersPerMinute : getServiceRadius(options.walk)
  const served =
    options.served ??
    (network
      ? computeNetworkReach(network.net, stations.features.map((f) => f.geometry.coordinates as [number, number]), demand, network.snaps, { cutoffMeters: radiusMeters, closed: network.closed }).served
      : markServedPoints(demand, stations, { radiusMeters }))
  const candidates = options.candidates ?? (proposeCandidateSites(demand, served, { cellMeters: radiusMeters / 2 }) as unknown as FeatureCollection<Point, P>)
  const onNetwork = network && { served, cover: createNetworkSiteCover(network.net, network.snaps, { cutoffMeters: radiusMeters, closed: network.closed }) }
  return { radiusMeters, ...suggestSites(demand, stations, candidates, { radiusMeters, k: options.k, targetPct: options.targetPct, network: onNetwork }) }
}
