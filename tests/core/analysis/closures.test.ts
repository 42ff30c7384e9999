// Live closures on the walking network (core/domain/passage-closures, core/analysis:
// close-walk-edges, compute-closure-impact): which issues close the way, which edges a closure
// takes out, and the residents it costs — alone and together — on a hand-drawn river whose answers
// are known: two banks joined by two bridges, a station on the north bank. And site suggestion on
// the network (create-network-site-cover), against computeNetworkReach with the site added.
import { describe, expect, it } from 'vitest'
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson'
import { buildWalkNetwork } from '../../../core/analysis/build-walk-network.js'
import { closeWalkEdges } from '../../../core/analysis/close-walk-edges.js'
import { computeClosureImpact, MAX_WALKED_ALONE } from '../../../core/analysis/compute-closure-impact.js'
import { computeNetworkCoverage } from '../../../core/analysis/compute-network-coverage.js'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { EARTH_RADIUS_METERS } from '../../../core/analysis/internal/local-meters.js'
import { snapPlaces } from '../../../core/analysis/snap-to-walk-network.js'
import { computeNetworkReach } from '../../../core/analysis/compute-network-reach.js'
import { createNetworkSiteCover } from '../../../core/analysis/create-network-site-cover.js'
import { suggestSitesForCoverage } from '../../../core/analysis/suggest-sites-for-coverage.js'
import { checkPassageMark, CLOSURE_KINDS, CLOSURE_METERS, closesPassage, isClosureKind } from '../../../core/domain/passage-closures.js'
import { ISSUE_STATUSES, isOpenStatus } from '../../../core/domain/issue-lifecycle.js'

const LON0 = 106.7
const LAT0 = 27.7
const M_PER_DEG = (EARTH_RADIUS_METERS * Math.PI) / 180
const at = (x: number, y: number): [number, number] => [LON0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + y / M_PER_DEG]
const line = (...points: [number, number][]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) } })
const rect = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] })

// Banks at y = ±100 m, split at the bridges (x = 0 and x = 600); edges 0–2 north, 3–5 south, 6 and 7 the bridges.
const network = () =>
  buildWalkNetwork([
    line([-600, 100], [0, 100]),
    line([0, 100], [600, 100]),
    line([600, 100], [1200, 100]),
    line([-600, -100], [0, -100]),
    line([0, -100], [600, -100]),
    line([600, -100], [1200, -100]),
    line([0, 100], [0, -100]),
    line([600, 100], [600, -100]),
  ])

type Props = { code: string; level: string; parent_code: string | null }
const areas: FeatureCollection<Polygon, Props> = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { code: 'D', level: 'district', parent_code: null }, geometry: rect(-600, -300, 1200, 300) },
    { type: 'Feature', properties: { code: 'N', level: 'grid', parent_code: 'D' }, geometry: rect(-600, 0, 1200, 300) },
    { type: 'Feature', properties: { code: 'S', level: 'grid', parent_code: 'D' }, geometry: rect(-600, -300, 1200, 0) },
  ],
}
const home = (x: number, y: number, population: number, area_code: string) => ({ type: 'Feature' as const, properties: { population, area_code }, geometry: { type: 'Point' as const, coordinates: at(x, y) } })
// South bank homes: below the west bridge, below the east bridge, and between them; one on the north bank.
const demand = createDemandIndex({ type: 'FeatureCollection', features: [home(0, -110, 10, 'S'), home(600, -110, 20, 'S'), home(300, -110, 40, 'S'), home(300, 110, 5, 'N')] })
const station = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: at(300, 110) } }] }

describe('which issues close the way', () => {
  it('is an open issue of a kind the taxonomy marks: roadworks, a collapse, a flooded street', () => {
    expect([...CLOSURE_KINDS].sort()).toEqual(['municipal.road_collapse', 'municipal.road_works', 'municipal.waterlogging'])
    for (const status of ISSUE_STATUSES) {
      expect(closesPassage({ subcategory: 'municipal.road_collapse', status })).toBe(isOpenStatus(status))
      expect(closesPassage({ subcategory: 'municipal.road_damage', status })).toBe(false)
    }
    expect(isClosureKind('no.such')).toBe(false)
  })

  it('is also any open issue marked as blocking passage, by those who watch and handle issues', () => {
    for (const status of ISSUE_STATUSES) {
      expect(closesPassage({ subcategory: 'municipal.manhole', status, blocksPassage: true })).toBe(isOpenStatus(status))
      expect(closesPassage({ subcategory: 'municipal.manhole', status, blocksPassage: false })).toBe(false)
    }
    const open = { subcategory: 'municipal.manhole', status: 'accepted' as const }
    expect(checkPassageMark(open, 'operator', true)).toBeUndefined()
    expect(checkPassageMark({ ...open, blocksPassage: true }, 'street_leader', false)).toBeUndefined()
    for (const role of ['grid_worker', 'planner'] as const) expect(checkPassageMark(open, role, true)?.status).toBe('forbidden')
    expect(checkPassageMark({ ...open, blocksPassage: true }, 'operator', true)).toMatchObject({ status: 'conflict', message: /already marked as blocking/ })
    expect(checkPassageMark(open, 'operator', false)).toMatchObject({ status: 'conflict', message: /already marked as not blocking/ })
    expect(checkPassageMark({ ...open, status: 'closed' }, 'admin', true)).toMatchObject({ status: 'conflict', message: /closed/ })
    expect(checkPassageMark({ subcategory: 'municipal.road_works', status: 'accepted' }, 'operator', true)).toMatchObject({ status: 'conflict', message: /by its kind/ })
  })
})

describe('closeWalkEdges', () => {
  it('closes the edges within the distance of the point: mid-bridge one edge, at the bridge foot the junction’s three', () => {
    const net = network()
    const { closed, byClosure } = closeWalkEdges(net, [at(0, 0), at(600, 95), at(300, 300)], CLOSURE_METERS)
    expect(byClosure).toEqual([[6], [1, 2, 7], []])
    expect(Array.from(closed).flatMap((c, e) => (c ? [e] : []))).toEqual([1, 2, 6, 7])
    // 19 m off the street closes it; 21 m does not.
    expect(closeWalkEdges(net, [at(-300, 119)], 20).byClosure[0]).toEqual([0])
    expect(closeWalkEdges(net, [at(-300, 121)], 20).byClosure[0]).toEqual([])
    expect(() => closeWalkEdges(net, [], -1)).toThrow(RangeError)
  })
})

describe('computeClosureImpact', () => {
  const net = network()
  const snaps = snapPlaces(net, demand)
  const impactOf = (closures: [number, number][], cutoffMeters = 1000) =>
    computeClosureImpact({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters, level: 'grid', closures, closureMeters: CLOSURE_METERS })

  it('costs nothing where a way round stays within the walk', () => {
    // Without closures: 10 m + 300 + 200 + 10 = 520 m to either bridge's foot. Closing the west
    // bridge leaves the east one: the home below the west bridge walks 300 + 200 + 600 + 20 = 1,130 m.
    const none = impactOf([])
    expect(none.total).toEqual({ population: 0, points: 0, areas: [] })
    expect(Array.from(none.served)).toEqual([1, 1, 1, 1])
    const west = impactOf([at(0, 0)])
    expect(west.total.population).toBe(10)
    expect(west.total.areas).toEqual([{ code: 'S', population: 10, points: 1 }])
    expect(Array.from(west.lost)).toEqual([1, 0, 0, 0])
    expect(impactOf([at(0, 0)], 1200).total.population).toBe(0)
  })

  it('counts what closures cost together beyond the sum of each alone', () => {
    // With a 1,200 m walk either bridge alone leaves a way; both cut the south bank off.
    const both = impactOf([at(0, 0), at(600, 0)], 1200)
    expect(both.closures.map((c) => c.alone?.population)).toEqual([0, 0])
    expect(both.closures.map((c) => c.edges)).toEqual([[6], [7]])
    expect(both.total).toEqual({ population: 70, points: 3, areas: [{ code: 'S', population: 70, points: 3 }] })
    expect(Array.from(both.served)).toEqual([0, 0, 0, 1])
  })

  it('agrees with the coverage figures on the network with the same edges closed', () => {
    const impact = impactOf([at(0, 0), at(600, 0)], 1200)
    const open = computeNetworkCoverage({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters: 1200, level: 'grid' })
    const shut = computeNetworkCoverage({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters: 1200, level: 'grid', closed: impact.closed })
    expect(open.summary.populationCovered - shut.summary.populationCovered).toBe(impact.total.population)
    expect(Array.from(shut.served)).toEqual(Array.from(impact.served))
  })

  it('a home on a closed street joins the nearest open one (the snapping rule), and a closure off every street costs nothing', () => {
    // Closing the south bank between the bridges: the home at (300, -110) walks 10 m to it no more;
    // the nearest open street is 190 m north (the north bank) — across the river, a straight walk
    // the rule allows (it does not know of the river), so the home stays served, from the north bank.
    const mid = impactOf([at(300, -100)])
    expect(mid.closures[0].edges).toEqual([4])
    expect(mid.lost[2]).toBe(0)
    expect(impactOf([at(300, 600)]).closures[0]).toEqual({ edges: [], alone: { population: 0, points: 0, areas: [] } })
  })

  it('takes the walk without closures when given, with the same answer, and refuses one of other places', () => {
    const both = impactOf([at(0, 0), at(600, 0)], 1200)
    const base = computeNetworkCoverage({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters: 1200, level: 'grid' }).reach
    const given = computeClosureImpact({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters: 1200, level: 'grid', closures: [at(0, 0), at(600, 0)], closureMeters: CLOSURE_METERS, open: base })
    expect(given.total).toEqual(both.total)
    expect(given.closures).toEqual(both.closures)
    expect(() =>
      computeClosureImpact({ areas, demand, facilities: station, network: net, snaps }, { cutoffMeters: 1200, level: 'grid', closures: [], closureMeters: CLOSURE_METERS, open: { ...base, served: new Uint8Array(2) } }),
    ).toThrow(RangeError)
  })

  it('walks at most MAX_WALKED_ALONE closures alone', () => {
    const many = impactOf(Array.from({ length: MAX_WALKED_ALONE + 2 }, () => at(0, 0)))
    expect(many.closures[MAX_WALKED_ALONE].alone).toBeNull()
    expect(many.closures[0].alone?.population).toBe(10)
    expect(many.total.population).toBe(10)
  })
})

describe('site suggestion on the network', () => {
  const net = network()
  const snaps = snapPlaces(net, demand)
  const served = (stations: [number, number][], closed?: Uint8Array) => computeNetworkReach(net, stations, demand, snaps, { cutoffMeters: 1000, closed }).served

  it('counts for a site exactly the homes a walk from it adds to the stations’ (the oracle: computeNetworkReach with the site among them)', () => {
    const stations: [number, number][] = [at(300, 110)]
    for (const closed of [undefined, closeWalkEdges(net, [at(0, 0)], CLOSURE_METERS).closed]) {
      const cover = createNetworkSiteCover(net, snaps, { cutoffMeters: 1000, closed })
      for (const site of [at(300, -130), at(1150, -100), at(-500, 90), at(600, 0), at(300, 700)]) {
        const before = served(stations, closed)
        const after = served([...stations, site], closed)
        const added: number[] = []
        cover(site[0], site[1], before, (i) => added.push(i))
        expect(added.sort(), `site ${site}`).toEqual(Array.from(after).flatMap((s, i) => (s && !before[i] ? [i] : [])))
      }
    }
  })

  it('suggests the site that brings the south bank in, on the network where a circle would pick another', () => {
    // Homes on the south bank far from both bridges: a circle from a site on the north bank reaches them across the river, its walk does not.
    const far = createDemandIndex({ type: 'FeatureCollection', features: [home(1150, -110, 50, 'S'), home(1100, -150, 50, 'S'), home(300, 110, 5, 'N')] })
    const farSnaps = snapPlaces(net, far)
    const candidates = { type: 'FeatureCollection' as const, features: [at(1100, 30), at(1120, -120)].map((c) => ({ type: 'Feature' as const, properties: { c: c.join() }, geometry: { type: 'Point' as const, coordinates: c } })) }
    const walk = { minutes: 5, speedMetersPerMinute: 80, detourFactor: 1 }
    const byCircle = suggestSitesForCoverage(far, station, { walk, k: 1, candidates })
    const onFoot = suggestSitesForCoverage(far, station, { walk, k: 1, candidates, network: { net, snaps: farSnaps } })
    expect(onFoot.radiusMeters).toBe(400)
    expect(byCircle.sites[0].candidate.geometry.coordinates).toEqual(at(1100, 30))
    expect(onFoot.sites[0].candidate.geometry.coordinates).toEqual(at(1120, -120))
    expect(onFoot.sites[0].addedPopulation).toBe(100)
  })
})
