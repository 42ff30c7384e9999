// Site suggestion: a case worked by hand (one site serving two small clusters beats one serving
// a bigger one), the same picks as a plain greedy that recomputes every gain, a target that stops
// early, and candidates at the weighted centres of the unserved.
import fs from 'node:fs'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { destination, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { markServedPoints } from '../../../core/analysis/mark-served-points.js'
import { proposeCandidateSites } from '../../../core/analysis/propose-candidate-sites.js'
import { suggestSites } from '../../../core/analysis/suggest-sites.js'
import { haversineMeters } from '../../../core/analysis/internal/local-meters.js'

const ORIGIN: [number, number] = [109.19, 27.71]
const at = (east: number, north: number) => {
  const p = destination(point(ORIGIN), east / 1000, 90, { units: 'kilometers' })
  return destination(p, north / 1000, 0, { units: 'kilometers' }).geometry.coordinates
}
const homes = (list: [number, number, number][]): FeatureCollection<Point, { population: number }> => ({
  type: 'FeatureCollection',
  features: list.map(([e, n, population]) => point(at(e, n), { population })),
})
const places = (list: [number, number, string][]): FeatureCollection<Point, { name: string }> => ({
  type: 'FeatureCollection',
  features: list.map(([e, n, name]) => point(at(e, n), { name })),
})
const none: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] }

function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

describe('suggestSites', () => {
  // Cluster A: 100 residents at (0, 0). B: 60 at (3000, 0). C: 50 at (4200, 0). The station at
  // (0, 3000) serves D: 30 residents at (0, 3300).
  const demand = homes([[0, 0, 100], [3000, 0, 60], [4200, 0, 50], [0, 3300, 30]])
  const stations = places([[0, 3000, '现有站']])
  const candidates = places([[0, 0, 'A'], [3000, 0, 'B'], [4200, 0, 'C'], [3600, 0, 'B+C']])

  it('picks the site that adds the most residents, then the next, keeping the existing station', () => {
    const result = suggestSites(createDemandIndex(demand), stations, candidates, { radiusMeters: 1000, k: 3 })
    expect(result.sites.map((s) => [s.candidate.properties.name, s.addedPopulation])).toEqual([['B+C', 110], ['A', 100]])
    expect(result).toMatchObject({ population: 240, coveredBefore: 30, coveredAfter: 240 })
    expect(result.sites[0].coveredPctAfter).toBeCloseTo((100 * 140) / 240, 10)
    expect(result.sites[1].coveredPctAfter).toBe(100)
  })

  it('stops at the target: the fewest sites that serve that share', () => {
    const result = suggestSites(createDemandIndex(demand), stations, candidates, { radiusMeters: 1000, targetPct: 50 })
    expect(result.sites.map((s) => s.candidate.properties.name)).toEqual(['B+C'])
  })

  it('makes the same picks as a greedy that recomputes every gain every round', () => {
    const next = random(7)
    const demand = homes(Array.from({ length: 5000 }, () => [next() * 20_000, next() * 20_000, 1 + Math.floor(next() * 30)] as [number, number, number]))
    const stations = places(Array.from({ length: 15 }, (_, i) => [next() * 20_000, next() * 20_000, `S${i}`] as [number, number, string]))
    const candidates = places(Array.from({ length: 300 }, (_, i) => [next() * 20_000, next() * 20_000, `C${i}`] as [number, number, string]))
    const radiusMeters = 1500
    const ours = suggestSites(createDemandIndex(demand), stations, candidates, { radiusMeters, k: 12 })

    const near = (a: Feature<Point>, b: Feature<Point>) =>
      haversineMeters(a.geometry.coordinates[0], a.geometry.coordinates[1], b.geometry.coordinates[0], b.geometry.coordinates[1]) <= radiusMeters
    const served = demand.features.map((d) => stations.features.some((s) => near(s, d)))
    const plain: [string, number][] = []
    for (let round = 0; round < 12; round++) {
      let best = -1
      let bestGain = 0
      candidates.features.forEach((c, i) => {
        const gain = demand.features.reduce((g, d, j) => g + (!served[j] && near(c, d) ? d.properties.population : 0), 0)
        if (gain > bestGain) ((best = i), (bestGain = gain))
      })
      if (best < 0) break
      demand.features.forEach((d, j) => near(candidates.features[best], d) && (served[j] = true))
      plain.push([candidates.features[best].properties.name, bestGain])
    }
    expect(ours.sites.map((s) => [s.candidate.properties.name, s.addedPopulation])).toEqual(plain)
  })

  it('refuses a call with neither k nor a target, and a target outside 0–100', () => {
    const index = createDemandIndex(demand)
    expect(() => suggestSites(index, none, candidates, { radiusMeters: 1000 })).toThrow(/k, targetPct/)
    expect(() => suggestSites(index, none, candidates, { radiusMeters: 1000, targetPct: 150 })).toThrow(/targetPct/)
  })
})

describe('proposeCandidateSites', () => {
  it('offers one site per cell of unserved residents, at their weighted centre', () => {
    const demand = homes([[100, 100, 30], [300, 100, 10], [5000, 5000, 20], [0, 3300, 40]])
    const index = createDemandIndex(demand)
    const served = markServedPoints(index, places([[0, 3000, 'S']]), { radiusMeters: 1000 })
    const sites = proposeCandidateSites(index, served, { cellMeters: 500 })
    expect(sites.features.map((f) => f.properties.unservedPopulation).sort((a, b) => a - b)).toEqual([20, 40])
    const centre = sites.features.find((f) => f.properties.unservedPopulation === 40)!
    // (100·30 + 300·10) / 40 = 150 m east, 100 m north of the origin.
    const [lon, lat] = at(150, 100)
    expect(haversineMeters(centre.geometry.coordinates[0], centre.geometry.coordinates[1], lon, lat)).toBeLessThan(0.5)
  })
})

describe('suggestSites golden fixture', () => {
  const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/suggest-sites/${name}`, import.meta.url), 'utf8'))
  it('matches the fixture checked by hand (B+C serves 110, then A 100, then nothing is left)', () => {
    const out = suggestSites(createDemandIndex(fixture('in/demand.geojson')), fixture('in/facilities.geojson'), fixture('in/candidates.geojson'), fixture('in/options.json'))
    const sites = out.sites.map((s) => ({
      type: 'Feature',
      geometry: s.candidate.geometry,
      properties: { rank: s.rank, name: (s.candidate.properties as { name: string }).name, addedPopulation: s.addedPopulation, coveredPctAfter: s.coveredPctAfter },
    }))
    expect({ type: 'FeatureCollection', features: sites }).toEqual(fixture('out/sites.geojson'))
    expect({ population: out.population, coveredBefore: out.coveredBefore, coveredAfter: out.coveredAfter }).toEqual(fixture('out/summary.json'))
  })
})
