// Where the next service points should go: greedy maximal covering (MCLP) — existing sites kept,
// each pick the candidate whose circle (or walk on the network) adds the most unserved residents, until k are chosen or a
// target coverage is reached. Gains only shrink as sites are added, so a candidate's stale gain
// bounds its true one and is recomputed only when it reaches the top (lazy greedy, CELF).
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'
import { forEachPointWithin, getRelativeError } from './internal/for-each-point-within.js'
import { markServedPoints } from './mark-served-points.js'
import type { SiteCover } from './create-network-site-cover.js'

export interface SuggestSitesOptions {
  radiusMeters: number
  /** At most this many new sites (default: as many as reach the target). */
  k?: number
  /** Stop once this share of residents is served, in percent (default: pick all k). */
  targetPct?: number
  /**
   * On the walking network: the points the facilities serve (computeNetworkReach's `served`) and
   * what a site would serve (createNetworkSiteCover), in place of circles of `radiusMeters`.
   */
  network?: { served: Uint8Array; cover: SiteCover }
}

export interface SuggestedSite<P> {
  rank: number
  candidate: Feature<Point, P>
  /** Residents this site serves that nothing before it did. */
  addedPopulation: number
  /** Share of all residents served with this site and those ranked before it. */
  coveredPctAfter: number
}

export interface SuggestSitesResult<P> {
  sites: SuggestedSite<P>[]
  population: number
  coveredBefore: number
  coveredAfter: number
  /** 1 per demand point served once the suggested sites are built. */
  servedAfter: Uint8Array
}

/**
 * Ranked new sites among `candidates`, with the residents each adds.
 *
 * @example
 * suggestSites(index, stations, proposeCandidateSites(index, served, { cellMeters: 500 }), { radiusMeters: 1000, k: 3 })
 * // → { sites: [{ rank: 1, addedPopulation: 2315, … }, …], … }
 */
export function suggestSites<P>(
  index: DemandIndex<{ population?: number }>,
  facilities: FeatureCollection<Point>,
  candidates: FeatureCollection<Point, P>,
  options: SuggestSitesOptions,
): SuggestSitesResult<P> {
  const { radiusMeters } = options
  const k = options.k ?? Infinity
  if (!(k >= 0)) throw new RangeError(`k must be a non-negative number, not ${k}`)
  if (options.k === undefined && options.targetPct === undefined) throw new RangeError('give k, targetPct or both')
  const target = options.targetPct ?? 100
  if (!(target >= 0 && target <= 100)) throw new RangeError(`targetPct must be between 0 and 100, not ${target}`)

  const served = options.network ? options.network.served.slice() : markServedPoints(index, facilities, { radiusMeters })
  const population = (i: number) => index.features[i].properties.population ?? 0
  let total = 0
  let covered = 0
  for (let i = 0; i < served.length; i++) {
    total += population(i)
    if (served[i]) covered += population(i)
  }
  const coveredBefore = covered
  const reach = {
    radiusMeters,
    relativeError: getRelativeError(index, [...facilities.features, ...candidates.features].map((f) => f.geometry.coordinates[1])),
  }
  const cover: SiteCover = options.network?.cover ?? ((lon, lat, skip, visit) => forEachPointWithin(index, lon, lat, reach, skip, visit))
  const gainOf = (c: Feature<Point, P>) => {
    let gain = 0
    cover(c.geometry.coordinates[0], c.geometry.coordinates[1], served, (id) => (gain += population(id)))
    return gain
  }

  // Max-heap of [gain, candidate, pick count when the gain was computed].
  const heap: [number, number, number][] = candidates.features.map((c, i) => [gainOf(c), i, 0])
  heap.sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const pop = () => {
    const top = heap[0]
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      siftDown(heap, 0)
    }
    return top
  }
  const push = (item: [number, number, number]) => {
    heap.push(item)
    siftUp(heap, heap.length - 1)
  }

  const sites: SuggestedSite<P>[] = []
  while (sites.length < k && heap.length > 0 && (total === 0 || (100 * covered) / total < target)) {
    const [gain, i, at] = pop()
    if (at !== sites.length) {
      push([gainOf(candidates.features[i]), i, sites.length])
      continue
    }
    if (gain <= 0) break
    const c = candidates.features[i]
    cover(c.geometry.coordinates[0], c.geometry.coordinates[1], served)
    covered += gain
    sites.push({ rank: sites.length + 1, candidate: c, addedPopulation: gain, coveredPctAfter: total > 0 ? (100 * covered) / total : 0 })
  }
  return { sites, population: total, coveredBefore, coveredAfter: covered, servedAfter: served }
}

/** Heap order: larger gain first, then the lower candidate index (so ties break the same way every time). */
const before = (a: [number, number, number], b: [number, number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] < b[1])

function siftUp(h: [number, number, number][], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(h[i], h[parent])) return
    ;[h[i], h[parent]] = [h[parent], h[i]]
    i = parent
  }
}

function siftDown(h: [number, number, number][], i: number): void {
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let best = i
    if (l < h.length && before(h[l], h[best])) best = l
    if (r < h.length && before(h[r], h[best])) best = r
    if (best === i) return
    ;[h[i], h[best]] = [h[best], h[i]]
    i = best
  }
}
