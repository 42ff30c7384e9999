// A coverage question's suggestion: the walk's radius, candidates in cells half that wide unless
// the planner gave some, then greedy covering — the same picks as wiring the three steps by hand,
// with or without the served marks the caller already holds.
import type { FeatureCollection, Point } from 'geojson'
import { destination, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { markServedPoints } from '../../../core/analysis/mark-served-points.js'
import { proposeCandidateSites } from '../../../core/analysis/propose-candidate-sites.js'
import { suggestSites } from '../../../core/analysis/suggest-sites.js'
import { suggestSitesForCoverage } from '../../../core/analysis/suggest-sites-for-coverage.js'

const ORIGIN: [number, number] = [109.19, 27.71]
const at = (east: number, north: number) => {
  const p = destination(point(ORIGIN), east / 1000, 90, { units: 'kilometers' })
  return destination(p, north / 1000, 0, { units: 'kilometers' }).geometry.coordinates
}
function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

describe('suggestSitesForCoverage', () => {
  const rnd = random(7)
  const demand = createDemandIndex({
    type: 'FeatureCollection',
    features: Array.from({ length: 400 }, () => point(at(rnd() * 8000, rnd() * 6000), { population: 1 + Math.floor(rnd() * 200) })),
  } as FeatureCollection<Point, { population: number }>)
  const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [point(at(1000, 1000)), point(at(6000, 4000))] }
  // 15 minutes at 72 m/min with a detour of 1.2: 900 m.
  const walk = { minutes: 15, speedMetersPerMinute: 72, detourFactor: 1.2 }

  it('answers as the radius, the proposed candidates and the greedy pick wired by hand', () => {
    const served = markServedPoints(demand, stations, { radiusMeters: 900 })
    const byHand = suggestSites(demand, stations, proposeCandidateSites(demand, served, { cellMeters: 450 }), { radiusMeters: 900, k: 4 })
    const result = suggestSitesForCoverage(demand, stations, { walk, k: 4 })
    expect(result.radiusMeters).toBeCloseTo(900, 9)
    expect(result.sites.map((s) => [s.candidate.geometry.coordinates, s.addedPopulation])).toEqual(
      byHand.sites.map((s) => [s.candidate.geometry.coordinates, s.addedPopulation]),
    )
    expect(result.coveredAfter).toBe(byHand.coveredAfter)
    expect(result.sites).toHaveLength(4)
    // The caller's served marks give the same answer without a second pass.
    expect(suggestSitesForCoverage(demand, stations, { walk, k: 4, served }).sites.map((s) => s.addedPopulation)).toEqual(byHand.sites.map((s) => s.addedPopulation))
  })

  it("ranks the planner's own candidates when given, keeping their properties", () => {
    const candidates: FeatureCollection<Point, { name: string }> = {
      type: 'FeatureCollection',
      features: [point(at(4000, 3000), { name: '甲' }), point(at(7500, 500), { name: '乙' })],
    }
    const result = suggestSitesForCoverage(demand, stations, { walk, k: 2, candidates })
    expect(result.sites.map((s) => s.candidate.properties.name).sort()).toEqual(['乙', '甲'])
    expect(result.sites[0].addedPopulation).toBeGreaterThanOrEqual(result.sites[1].addedPopulation)
  })

  it('stops at the target share', () => {
    const result = suggestSitesForCoverage(demand, stations, { walk, targetPct: 50 })
    expect((100 * result.coveredAfter) / result.population).toBeGreaterThanOrEqual(50)
    const oneFewer = suggestSitesForCoverage(demand, stations, { walk, k: result.sites.length - 1 })
    expect((100 * oneFewer.coveredAfter) / oneFewer.population).toBeLessThan(50)
  })
})
