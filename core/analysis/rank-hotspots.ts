// Hotspots: the issues of a window gathered into H3 hexagons (or into their grids), ranked by a
// colour-weighted count, each with the window before it (to mark emerging ones), a sparkline of
// the window and its category mix. Pure: the wall runs it on the issues it holds, on every change.
import { cellToBoundary, cellToLatLng, latLngToCell } from 'h3-js'
import type { TriageColour } from '../domain/triage.js'

export interface HotspotIssue {
  id: string
  lon: number
  lat: number
  colour: TriageColour
  /** The top-level category (sanitation, municipal, …). */
  category: string
  /** Reported at, in ms since the epoch. */
  reportedAt: number
  gridCode: string | null
}

/** A red issue weighs as much as eight blue ones. */
export const COLOUR_WEIGHTS: Record<TriageColour, number> = { red: 8, orange: 4, yellow: 2, blue: 1 }

export type HotspotBy = { kind: 'hex'; resolution: number } | { kind: 'grid' }

export interface HotspotOptions {
  now: number
  windowMs: number
  by: HotspotBy
  /** Points of each sparkline across the window (default 12). */
  sparkBuckets?: number
  /** Emerging: a score of at least minScore, and at least `ratio` times the previous window's. */
  emerging?: { minScore: number; ratio: number }
}

export interface Hotspot {
  /** The H3 index, or the grid code. */
  key: string
  count: number
  score: number
  byColour: Record<TriageColour, number>
  previousCount: number
  previousScore: number
  emerging: boolean
  /** Issues per category, most first. */
  categories: { code: string; count: number }[]
  /** Issues per slice of the window, oldest first. */
  sparkline: number[]
  /** Where to look: the hexagon's centre, or the mean of the grid's issues. */
  center: [number, number]
  /** The grid most of its issues lie in. */
  gridCode: string | null
  /** Its issues of the window, newest first. */
  issueIds: string[]
}

export const DEFAULT_EMERGING = { minScore: 6, ratio: 2 }

/** Emerging: a score of at least `minScore`, and at least `ratio` times the window before's. */
export function isEmerging(score: number, previousScore: number, rule: { minScore: number; ratio: number } = DEFAULT_EMERGING): boolean {
  return score >= rule.minScore && score >= rule.ratio * previousScore
}

/** The H3 resolution that suits a map zoom: about a street block at street zoom, a quarter at district zoom. */
export function getHexResolution(zoom: number): number {
  if (zoom < 11) return 7
  if (zoom < 13) return 8
  if (zoom < 15) return 9
  return 10
}

/** The hexagon's outline as a closed GeoJSON ring ([lon, lat]). */
export function getHexRing(key: string): [number, number][] {
  // In GeoJSON order h3-js already closes the ring.
  const ring = cellToBoundary(key, true) as [number, number][]
  const [first, last] = [ring[0], ring[ring.length - 1]]
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first]
}

interface Acc {
  hotspot: Hotspot
  sumLon: number
  sumLat: number
  grids: Map<string, number>
  categories: Map<string, number>
  newest: { id: string; at: number }[]
}

/**
 * Every hotspot of the window (now − windowMs, now], ranked: score, then count, then key.
 * Issues of the window before only set `previousCount`/`previousScore`.
 *
 * @example
 * rankHotspots(issues, { now: Date.now(), windowMs: 7 * 86_400_000, by: { kind: 'hex', resolution: 9 } })[0].key
 */
export function rankHotspots(issues: Iterable<HotspotIssue>, options: HotspotOptions): Hotspot[] {
  const { now, windowMs, by } = options
  const buckets = options.sparkBuckets ?? 12
  const emerging = options.emerging ?? DEFAULT_EMERGING
  const start = now - windowMs
  const previousStart = start - windowMs
  const acc = new Map<string, Acc>()
  const keyOf = (i: HotspotIssue): string | null => (by.kind === 'hex' ? latLngToCell(i.lat, i.lon, by.resolution) : i.gridCode)

  for (const issue of issues) {
    if (issue.reportedAt > now || issue.reportedAt <= previousStart) continue
    const key = keyOf(issue)
    if (key === null) continue
    let a = acc.get(key)
    if (!a) {
      a = {
        hotspot: {
          key,
          count: 0,
          score: 0,
          byColour: { red: 0, orange: 0, yellow: 0, blue: 0 },
          previousCount: 0,
          previousScore: 0,
          emerging: false,
          categories: [],
          sparkline: new Array<number>(buckets).fill(0),
          center: [0, 0],
          gridCode: null,
          issueIds: [],
        },
        sumLon: 0,
        sumLat: 0,
        grids: new Map(),
        categories: new Map(),
        newest: [],
      }
      acc.set(key, a)
    }
    const h = a.hotspot
    const weight = COLOUR_WEIGHTS[issue.colour]
    if (issue.reportedAt <= start) {
      h.previousCount++
      h.previousScore += weight
      continue
    }
    h.count++
    h.score += weight
    h.byColour[issue.colour]++
    h.sparkline[Math.min(buckets - 1, Math.floor(((issue.reportedAt - start) / windowMs) * buckets))]++
    a.sumLon += issue.lon
    a.sumLat += issue.lat
    if (issue.gridCode) a.grids.set(issue.gridCode, (a.grids.get(issue.gridCode) ?? 0) + 1)
    a.categories.set(issue.category, (a.categories.get(issue.category) ?? 0) + 1)
    a.newest.push({ id: issue.id, at: issue.reportedAt })
  }

  const out: Hotspot[] = []
  for (const a of acc.values()) {
    const h = a.hotspot
    if (h.count === 0) continue
    h.emerging = isEmerging(h.score, h.previousScore, emerging)
    h.categories = [...a.categories].map(([code, count]) => ({ code, count })).sort((x, y) => y.count - x.count || (x.code < y.code ? -1 : 1))
    h.gridCode = mostCommon(a.grids)
    h.issueIds = a.newest.sort((x, y) => y.at - x.at || (x.id < y.id ? -1 : 1)).map((n) => n.id)
    if (by.kind === 'hex') {
      const [lat, lon] = cellToLatLng(h.key)
      h.center = [lon, lat]
    } else {
      h.center = [a.sumLon / h.count, a.sumLat / h.count]
    }
    out.push(h)
  }
  return out.sort((x, y) => y.score - x.score || y.count - x.count || (x.key < y.key ? -1 : 1))
}

function mostCommon(counts: Map<string, number>): string | null {
  let best: string | null = null
  let bestCount = 0
  for (const [k, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== null && k < best)) {
      best = k
      bestCount = n
    }
  }
  return best
}
