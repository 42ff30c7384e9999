// Walking on the network (core/analysis: build-walk-network, snap-to-walk-network,
// walk-from-sources, compute-network-reach): a hand-drawn river crossed at one bridge with an
// overpass that touches nothing, whose answers are known; the snapping rule at its limit; a
// closure; and random networks against a brute-force oracle that splits every edge at the points
// that join it and runs a plain O(n²) Dijkstra from a single super-source.
import { EndType, FillRule, JoinType, areaPathsD, inflatePathsD, intersectD } from 'clipper2-ts'
import { describe, expect, it } from 'vitest'
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson'
import { buildWalkNetwork, type WalkNetwork } from '../../../core/analysis/build-walk-network.js'
import { snapPlaces, snapToWalkNetwork } from '../../../core/analysis/snap-to-walk-network.js'
import { splitAtJunctions } from '../../../core/analysis/split-at-junctions.js'
import { computeNetworkCoverage } from '../../../core/analysis/compute-network-coverage.js'
import { computeCoverage } from '../../../core/analysis/compute-coverage.js'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { computeNetworkReach as computeWithSnaps, type NetworkReachOptions } from '../../../core/analysis/compute-network-reach.js'
import { EARTH_RADIUS_METERS } from '../../../core/analysis/internal/local-meters.js'
import { Rng } from '../../../core/random.js'

const LON0 = 106.7
const LAT0 = 27.7
const M_PER_DEG = (EARTH_RADIUS_METERS * Math.PI) / 180
/** [lon, lat] of a point x metres east and y north of the origin. */
const at = (x: number, y: number): [number, number] => [LON0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + y / M_PER_DEG]
const line = (...points: [number, number][]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) } })
/** The places snapped once with no closure, as the API does, then the walk. */
const computeNetworkReach = (net: WalkNetwork, stations: [number, number][], p: { lon: number[]; lat: number[] }, o: NetworkReachOptions) => computeWithSnaps(net, stations, p, snapPlaces(net, p), o)
const places = (...points: [number, number][]) => ({ lon: points.map(([x, y]) => at(x, y)[0]), lat: points.map(([x, y]) => at(x, y)[1]) })

// Two streets on either bank of a river (y = ±100 m), each split where the bridge (x = 0) meets it,
// and an expressway overpass at x = 500 that crosses both without a junction.
const river = () => [
  line([-1000, 100], [0, 100]),
  line([0, 100], [1000, 100]),
  line([-1000, -100], [0, -100]),
  line([0, -100], [1000, -100]),
  line([0, 100], [0, -100]),
  line([500, 300], [500, -300]),
]

describe('the walking network', () => {
  it('joins edges at shared ends only: the overpass touches neither street', () => {
    const net = buildWalkNetwork(river())
    expect(net.edgeCount).toBe(6)
    // The streets' five junction and end points, the bridge's two ends among them, and the overpass's two ends.
    expect(net.nodeCount).toBe(8)
    const degrees = Array.from({ length: net.nodeCount }, (_, n) => net.offsets[n + 1] - net.offsets[n]).sort()
    expect(degrees).toEqual([1, 1, 1, 1, 1, 1, 3, 3])
    expect(net.edgeLength[4]).toBeCloseTo(200, 0)
  })

  it('walks round by the bridge: a place across the river from a station is 2 km away, not 220 m', () => {
    const net = buildWalkNetwork(river())
    const stations: [number, number][] = [at(900, 110)]
    const p = places([900, -110], [100, 110], [500, 290], [-100, -110])
    const near = computeNetworkReach(net, stations, p, { cutoffMeters: 1200 })
    expect(Array.from(near.served)).toEqual([0, 1, 0, 0])
    expect(near.meters[1]).toBeCloseTo(820, 0)
    const far = computeNetworkReach(net, stations, p, { cutoffMeters: 2100 })
    // 10 m to the street, 900 along it to the bridge, 200 across, 900 back along the south bank, 10 to the place.
    expect(far.meters[0]).toBeCloseTo(2020, 0)
    expect(far.meters[3]).toBeCloseTo(1220, 0)
    // The place by the overpass joins the overpass (10 m away), which reaches nothing.
    expect(far.served[2]).toBe(0)
    expect(far.offNetwork[2]).toBe(0)
  })

  it('loses the far bank when the bridge is closed, and the closure is all that changes', () => {
    const net = buildWalkNetwork(river())
    const closed = new Uint8Array(net.edgeCount)
    closed[4] = 1
    const p = places([900, -110], [100, 110], [-100, -110])
    const open = computeNetworkReach(net, [at(900, 110)], p, { cutoffMeters: 2100 })
    const shut = computeNetworkReach(net, [at(900, 110)], p, { cutoffMeters: 2100, closed })
    expect(Array.from(open.served)).toEqual([1, 1, 1])
    expect(Array.from(shut.served)).toEqual([0, 1, 0])
    expect(shut.meters[1]).toBe(open.meters[1])
  })

  it('snaps within 300 m and no farther, counting the straight walk to the street', () => {
    const net = buildWalkNetwork(river())
    expect(snapToWalkNetwork(net, ...at(-500, 399))?.access).toBeCloseTo(299, 3)
    expect(snapToWalkNetwork(net, ...at(-500, 401))).toBeNull()
    const reach = computeNetworkReach(net, [at(-900, 100)], places([-500, 399], [-500, 401]), { cutoffMeters: 5000 })
    expect(reach.meters[0]).toBeCloseTo(299 + 400, 0)
    expect(Array.from(reach.offNetwork)).toEqual([0, 1])
    // A station beside a closed street joins the nearest open one.
    const closed = new Uint8Array(net.edgeCount)
    closed[0] = 1
    const snap = snapToWalkNetwork(net, ...at(-500, 110), 300, closed)
    expect(snap?.edge).not.toBe(0)
  })

  it('walks along the edge between a station and a place that join the same one', () => {
    const net = buildWalkNetwork([line([0, 0], [400, 0], [1000, 0])])
    const reach = computeNetworkReach(net, [at(300, 20)], places([700, -30]), { cutoffMeters: 1000 })
    expect(reach.meters[0]).toBeCloseTo(20 + 400 + 30, 0)
  })

  it('gives every place the walk a brute-force Dijkstra over the split edges gives, on random networks', () => {
    for (let round = 0; round < 40; round++) {
      const rng = new Rng(round + 1)
      const { features, stations, points } = randomCase(rng)
      const net = buildWalkNetwork(features)
      const closed = new Uint8Array(net.edgeCount).map(() => (rng.float() < 0.08 ? 1 : 0))
      const cutoffMeters = rng.range(300, 2500)
      const reach = computeNetworkReach(net, stations, points, { cutoffMeters, closed })
      const expected = bruteForce(net, stations, points, cutoffMeters, closed)
      for (let i = 0; i < points.lon.length; i++) {
        const label = `round ${round}, place ${i}`
        if (expected[i] === Infinity) expect(reach.meters[i], label).toBe(Infinity)
        else expect(Math.abs(reach.meters[i] - expected[i]), label).toBeLessThan(1e-6)
        expect(reach.served[i], label).toBe(expected[i] <= cutoffMeters ? 1 : 0)
      }
      // The stations in another order: the same walks (ties go to the lower number, whatever the order).
      const reversed = computeNetworkReach(net, [...stations].reverse(), points, { cutoffMeters, closed })
      expect(Array.from(reversed.meters), `round ${round}`).toEqual(Array.from(reach.meters))
      // From the walk with every edge open, walked again only where the closures change it: the same
      // labels at every node and the same walk for every place (stations whose own edge closed included).
      const open = computeNetworkReach(net, stations, points, { cutoffMeters })
      const again = computeNetworkReach(net, stations, points, { cutoffMeters, closed, previous: open })
      expect(Array.from(again.nodes.meters), `round ${round}`).toEqual(Array.from(reach.nodes.meters))
      expect(Array.from(again.nodes.source), `round ${round}`).toEqual(Array.from(reach.nodes.source))
      expect(Array.from(again.meters), `round ${round}`).toEqual(Array.from(reach.meters))
      // Closing the edge each station joins: every station's seeds change.
      const theirs = new Uint8Array(net.edgeCount)
      for (const snap of open.stationSnaps) if (snap) theirs[snap.edge] = 1
      const shut = computeNetworkReach(net, stations, points, { cutoffMeters, closed: theirs })
      expect(Array.from(computeNetworkReach(net, stations, points, { cutoffMeters, closed: theirs, previous: open }).meters), `round ${round}`).toEqual(Array.from(shut.meters))
      // From the last walk with a station moved, one added at the end, the last one gone, and more edges
      // closed at the same time: the same as a fresh walk, node by node and place by place.
      const moved = stations.map((p, k) => (k === 0 ? ([p[0] + rng.range(-0.004, 0.004), p[1] + rng.range(-0.004, 0.004)] as [number, number]) : p))
      const variants: [string, [number, number][], Uint8Array][] = [
        ['moved', moved, closed],
        ['added', [...stations, [stations[0][0] + 0.003, stations[0][1] - 0.002]], closed],
        ['removed', stations.slice(0, -1), closed],
        ['moved, more closed', moved, closed.map((c, e) => (c || e % 7 === round % 7 ? 1 : 0))],
      ]
      for (const [what, those, mask] of variants) {
        const fresh = computeNetworkReach(net, those, points, { cutoffMeters, closed: mask })
        const walked = computeNetworkReach(net, those, points, { cutoffMeters, closed: mask, previous: reach })
        expect(Array.from(walked.nodes.meters), `round ${round}, ${what}`).toEqual(Array.from(fresh.nodes.meters))
        expect(Array.from(walked.nodes.source), `round ${round}, ${what}`).toEqual(Array.from(fresh.nodes.source))
        expect(Array.from(walked.meters), `round ${round}, ${what}`).toEqual(Array.from(fresh.meters))
        expect(Array.from(walked.station), `round ${round}, ${what}`).toEqual(Array.from(fresh.station))
      }
      // An edge opened again since the last walk: a fresh walk, the same answer.
      expect(Array.from(computeNetworkReach(net, stations, points, { cutoffMeters, previous: reach }).meters), `round ${round}`).toEqual(Array.from(open.meters))
    }
  })
})

/** A jittered grid of streets (some missing, some bent), a few lines crossing them without junctions, stations and places around. */
function randomCase(rng: Rng) {
  const size = rng.int(3, 7)
  const step = 250
  const node = (i: number, j: number): [number, number] => [i * step + ((i * 7 + j * 13) % 5) * 9, j * step + ((i * 11 + j * 3) % 7) * 8]
  const features: Feature<LineString>[] = []
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      for (const [di, dj] of [[1, 0], [0, 1]]) {
        if (i + di >= size || j + dj >= size || rng.float() < 0.2) continue
        const [a, b] = [node(i, j), node(i + di, j + dj)]
        const bend: [number, number] = [(a[0] + b[0]) / 2 + rng.range(-40, 40), (a[1] + b[1]) / 2 + rng.range(-40, 40)]
        features.push(rng.float() < 0.5 ? line(a, b) : line(a, bend, b))
      }
    }
  }
  for (let k = 0; k < 2; k++) features.push(line([rng.range(0, size * step), -100], [rng.range(0, size * step), size * step + 100]))
  const anywhere = (): [number, number] => [rng.range(-400, size * step + 400), rng.range(-400, size * step + 400)]
  const stations = Array.from({ length: rng.int(1, 4) }, () => at(...anywhere()))
  const points = places(...Array.from({ length: 40 }, anywhere))
  return { features, stations, points }
}

/**
 * The oracle: each station and place joins its nearest open segment (every segment tried), every
 * edge is cut into pieces at the points that join it, and a plain Dijkstra (the nearest unsettled
 * node found by scanning them all) runs from a super-source tied to each station by its straight walk.
 */
function bruteForce(net: WalkNetwork, stations: [number, number][], points: { lon: number[]; lat: number[] }, cutoffMeters: number, closed: Uint8Array): number[] {
  const { x0, y0, x1, y1, edge, along } = net.segments
  const join = (lon: number, lat: number) => {
    const [px, py] = [net.projection.x(lon), net.projection.y(lat)]
    let best: { edge: number; along: number; access: number; s: number } | null = null
    for (let s = 0; s < edge.length; s++) {
      if (closed[edge[s]]) continue
      const [dx, dy] = [x1[s] - x0[s], y1[s] - y0[s]]
      const len2 = dx * dx + dy * dy
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0[s]) * dx + (py - y0[s]) * dy) / len2))
      const d = Math.hypot(x0[s] + t * dx - px, y0[s] + t * dy - py)
      if (d <= 300 && (!best || d < best.access)) {
        const next = s + 1 < edge.length && edge[s + 1] === edge[s] ? along[s + 1] : net.edgeLength[edge[s]]
        best = { edge: edge[s], along: along[s] + t * (next - along[s]), access: d, s }
      }
    }
    return best
  }
  // Graph: the network's nodes, then one node per joining point; node 0 … n-1 as in the network.
  const weights: Map<number, number>[] = Array.from({ length: net.nodeCount }, () => new Map())
  const addNode = () => weights.push(new Map()) - 1
  const link = (a: number, b: number, w: number) => {
    weights[a].set(b, Math.min(w, weights[a].get(b) ?? Infinity))
    weights[b].set(a, Math.min(w, weights[b].get(a) ?? Infinity))
  }
  const cuts = new Map<number, { along: number; node: number }[]>()
  const joinAt = (j: { edge: number; along: number }) => {
    const node = addNode()
    cuts.set(j.edge, [...(cuts.get(j.edge) ?? []), { along: j.along, node }])
    return node
  }
  const source = addNode()
  for (const [lon, lat] of stations) {
    const j = join(lon, lat)
    if (j) link(source, joinAt(j), j.access)
  }
  const placeNodes = points.lon.map((lon, i) => {
    const j = join(lon, points.lat[i])
    return j ? { node: joinAt(j), access: j.access } : null
  })
  for (let e = 0; e < net.edgeCount; e++) {
    if (closed[e]) continue
    const chain = [{ along: 0, node: net.edgeFrom[e] }, ...(cuts.get(e) ?? []).sort((a, b) => a.along - b.along), { along: net.edgeLength[e], node: net.edgeTo[e] }]
    for (let k = 1; k < chain.length; k++) link(chain[k - 1].node, chain[k].node, chain[k].along - chain[k - 1].along)
  }
  const dist = new Array<number>(weights.length).fill(Infinity)
  const settled = new Array<boolean>(weights.length).fill(false)
  dist[source] = 0
  for (;;) {
    let u = -1
    for (let v = 0; v < dist.length; v++) if (!settled[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v
    if (u < 0) break
    settled[u] = true
    for (const [v, w] of weights[u]) if (dist[u] + w < dist[v]) dist[v] = dist[u] + w
  }
  return placeNodes.map((p) => {
    const d = p ? dist[p.node] + p.access : Infinity
    return d <= cutoffMeters ? d : Infinity
  })
}

describe('lines cut at their junctions', () => {
  it('cuts where two lines share a vertex, not where they merely cross', () => {
    const pieces = splitAtJunctions([
      [[0, 0], [1, 0], [2, 0]],
      [[1, -1], [1, 0], [1, 1]],
      // A bridge over the first line: crosses it at [1.5, 0] with no vertex there.
      [[1.5, -1], [1.5, 1]],
    ])
    expect(pieces.map((p) => [p.line, p.coords])).toEqual([
      [0, [[0, 0], [1, 0]]],
      [0, [[1, 0], [2, 0]]],
      [1, [[1, -1], [1, 0]]],
      [1, [[1, 0], [1, 1]]],
      [2, [[1.5, -1], [1.5, 1]]],
    ])
    const net = buildWalkNetwork(pieces.map((p) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: p.coords } })))
    expect(net.nodeCount).toBe(7)
    expect(net.offsets[1] - net.offsets[0]).toBe(1)
  })

  it('cuts a ring where a street meets it, and a line that passes one vertex twice', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    const pieces = splitAtJunctions([ring, [[1, 1], [2, 2]]])
    expect(pieces.filter((p) => p.line === 0).map((p) => p.coords)).toEqual([[[0, 0], [1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0]]])
    const loop = splitAtJunctions([[[0, 0], [1, 0], [1, 1], [1, 0], [2, 0]]])
    expect(loop.map((p) => p.coords)).toEqual([[[0, 0], [1, 0]], [[1, 0], [1, 1], [1, 0]], [[1, 0], [2, 0]]])
  })
})

describe('coverage on the network', () => {
  it('draws a bent street cut into ten lines as one strip 50 m either side, ending round, every cut joined again', () => {
    // An L of 200 m east then 200 m north, cut every 40 m, the cuts in no order and half of them drawn
    // backwards. The land within 50 m of it is two capsules (each 200 × 100 + π·50²) less what they
    // share: the disc round the bend and the inner corner's square less its quarter disc
    // (π·50² + 50² − π·50²/4): 2 × 27,854.0 − 8,390.5 = 47,317.5 m². Drawn on a 10 m lattice: the
    // contours are exact along the sides and within a chord of the arcs; the grid's own four corners
    // are cut by at most half a cell each (the gap's corners), so within 1 %.
    const corners: [number, number][] = [[0, 0], [40, 0], [80, 0], [120, 0], [160, 0], [200, 0], [200, 40], [200, 80], [200, 120], [200, 160], [200, 200]]
    const cuts = [4, 2, 7, 0, 9, 5, 1, 8, 3, 6].map((k) => (k % 2 ? line(corners[k + 1], corners[k]) : line(corners[k], corners[k + 1])))
    const net = buildWalkNetwork(cuts)
    const capsule = 200 * 100 + Math.PI * 50 ** 2
    const expected = 2 * capsule - (Math.PI * 50 ** 2 + 50 ** 2 - (Math.PI * 50 ** 2) / 4)
    const rect = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] })
    const areas = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { code: 'D', level: 'district', parent_code: null as string | null }, geometry: rect(-300, -300, 500, 500) },
        { type: 'Feature' as const, properties: { code: 'G', level: 'grid', parent_code: 'D' }, geometry: rect(-300, -300, 500, 500) },
      ],
    }
    const demand = createDemandIndex({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { population: 7, area_code: 'G' }, geometry: { type: 'Point', coordinates: at(210, 190) } }] })
    const facilities = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, id: 'S1', properties: {}, geometry: { type: 'Point' as const, coordinates: at(0, 5) } }] }
    const result = computeNetworkCoverage({ areas, demand, facilities, network: net, snaps: snapPlaces(net, demand) }, { cutoffMeters: 5000, level: 'grid', serviceAreas: true })
    const grid = result.areas.features[0].properties
    expect(Math.abs(grid.coveredSqm / expected - 1)).toBeLessThan(0.01)
    // The service area's contour touches no area's corner: within 0.3 %.
    const [served] = result.serviceAreas!.features
    expect(served.properties).toMatchObject({ station: 0, id: 'S1', population: 7 })
    expect(Math.abs(served.properties.areaSqm / expected - 1)).toBeLessThan(0.003)
  })

  it('counts the residents across the river as unserved where a circle counts them, and draws the walk along the streets', () => {
    const net = buildWalkNetwork(river())
    const rect = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] })
    type Props = { code: string; level: string; parent_code: string | null }
    const areas: FeatureCollection<Polygon, Props> = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature' as const, properties: { code: 'D', level: 'district', parent_code: null }, geometry: rect(-1000, -300, 1000, 300) },
        { type: 'Feature' as const, properties: { code: 'N', level: 'grid', parent_code: 'D' }, geometry: rect(-1000, 0, 1000, 300) },
        { type: 'Feature' as const, properties: { code: 'S', level: 'grid', parent_code: 'D' }, geometry: rect(-1000, -300, 1000, 0) },
      ],
    }
    const point = (x: number, y: number, population: number, area_code: string) => ({ type: 'Feature' as const, properties: { population, area_code }, geometry: { type: 'Point' as const, coordinates: at(x, y) } })
    const demand = createDemandIndex({ type: 'FeatureCollection', features: [point(900, 150, 10, 'N'), point(900, -150, 20, 'S'), point(-50, -150, 5, 'S')] })
    const facilities = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: at(900, 110) } }] }
    const snaps = snapPlaces(net, demand)
    const onFoot = computeNetworkCoverage({ areas, demand, facilities, network: net, snaps }, { cutoffMeters: 1200, level: 'grid' })
    const circles = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid' })
    const grid = (r: typeof circles, code: string) => r.areas.features.find((f) => f.properties.code === code)!.properties
    expect(grid(circles, 'S').populationCovered).toBe(25)
    expect(grid(onFoot, 'N').populationCovered).toBe(10)
    // The nearer south building: 10 m to the street, 900 to the bridge, 200 across, 50 along the south bank, 50 to it: 1,210 m.
    expect(grid(onFoot, 'S').populationCovered).toBe(0)
    expect(onFoot.summary.populationCovered).toBe(10)
    expect(onFoot.reach.meters[2]).toBe(Infinity)
    expect(computeNetworkCoverage({ areas, demand, facilities, network: net, snaps }, { cutoffMeters: 1400, level: 'grid' }).summary.populationCovered).toBe(15)
    // The drawn walk, the land within 50 m of the streets reached with 50 m to spare: on the south
    // bank only the bridge's half and 40 m of street either side of it, each ending round — their
    // union measured exactly by Clipper (arcs to 1 cm): the lattice's answer within 1.5 % (the
    // corners where the strips meet the grid's edge are cut by part of a cell).
    const southPieces = [[{ x: 0, y: 100 }, { x: 0, y: -100 }], [{ x: -40, y: -100 }, { x: 40, y: -100 }]]
    const southBank = [[{ x: -1000, y: -300 }, { x: 1000, y: -300 }, { x: 1000, y: 0 }, { x: -1000, y: 0 }]]
    const exactSouth = Math.abs(areaPathsD(intersectD(inflatePathsD(southPieces, 50, JoinType.Round, EndType.Round, 2, 2, 0.01), southBank, FillRule.NonZero)))
    expect(exactSouth).toBeCloseTo(20_858.7, 0)
    expect(grid(onFoot, 'N').coveredShare).toBeGreaterThan(0.1)
    expect(Math.abs(grid(onFoot, 'S').coveredSqm / exactSouth - 1)).toBeLessThan(0.015)
    expect(grid(onFoot, 'N').facilitiesInReach).toBe(1)

    // The same streets cut into 20 m lines (as an OpenStreetMap extract's ways are): the same walks,
    // the same residents, the same drawn area (the cuts are joined again before the strips are drawn).
    // The overpass is cut every 23 m, so that no cut lands where it passes over a street.
    const cut = buildWalkNetwork(
      river().flatMap((f, i) => {
        const [a, b] = f.geometry.coordinates
        const n = Math.max(1, Math.round(Math.hypot((b[0] - a[0]) * M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180), (b[1] - a[1]) * M_PER_DEG) / (i === 5 ? 23 : 20)))
        return Array.from({ length: n }, (_, k) => ({ ...f, geometry: { type: 'LineString' as const, coordinates: [k, k + 1].map((j) => [a[0] + ((b[0] - a[0]) * j) / n, a[1] + ((b[1] - a[1]) * j) / n]) } }))
      }),
    )
    expect(cut.edgeCount).toBeGreaterThan(200)
    const onCut = computeNetworkCoverage({ areas, demand, facilities, network: cut, snaps: snapPlaces(cut, demand) }, { cutoffMeters: 1200, level: 'grid' })
    expect(onCut.summary.populationCovered).toBe(onFoot.summary.populationCovered)
    for (const code of ['N', 'S']) expect(grid(onCut, code).coveredSqm).toBeCloseTo(grid(onFoot, code).coveredSqm, -2)
  })
})
