// New sites for a coverage question as the planner asks it — a walk, the stations that count, how
// many sites or what share to reach — answered the same way by the API and by the /plan page's
// worker: the walk's radius (getServiceRadius), candidate places if the planner gave none (the
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
  const radiusMeters = getServiceRadius(options.walk)
  const candidates =
    options.candidates ??
    (proposeCandidateSites(demand, options.served ?? markServedPoints(demand, stations, { radiusMeters }), {
      cellMeters: radiusMeters / 2,
    }) as unknown as FeatureCollection<Point, P>)
  return { radiusMeters, ...suggestSites(demand, stations, candidates, { radiusMeters, k: options.k, targetPct: options.targetPct }) }
}
