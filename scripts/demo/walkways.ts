// The synthetic demo's walking network (roads.geojson), consistent with its blocks: a street along
// every edge between two blocks (the atoms' Voronoi edges, so streets meet only at the blocks'
// corners), a lane into each large block, and what planners fight on foot:
// - the Jin River (锦江), crossed only at bridges where the main roads cross it;
// - an expressway across the north-west of the city, crossed only at three underpasses;
// - walled compounds (the education parks and the hospital), entered by one gate each.
// Lines carry OpenStreetMap-style tags (highway, bridge, barrier), as an imported network would;
// the expressway (motorway) and the walls are drawn but not walked.
import type { Feature, LineString } from 'geojson'
import type { Delaunay } from 'd3-delaunay'
import { City, fromValley, toValley } from './city.js'
import { distance, type LocalProjection, type XY } from './geometry.js'

export interface WalkwayInput {
  delaunay: Delaunay<Delaunay.Point>
  circumcenters: Float64Array
  sites: XY[]
  inside: Uint8Array
  atomArea: Float64Array
  city: City
  proj: LocalProjection
  /** Blocks of each walled compound and its name. */
  compounds: { name: string; atoms: number[] }[]
  /**
   * Cut each street into lines of about this many metres (unset: one line per block edge). An
   * OpenStreetMap extract's ways are cut at every driveway, crossing and kerb, so a city's network
   * has several edges per block side; the Tongren-scale benchmark set is cut so (the walks stay the same).
   */
  pieceMeters?: number
}

export type WalkwayProps = { highway: string; name?: string; bridge?: 'yes'; tunnel?: 'yes'; barrier?: 'wall'; gate?: 'yes'; synthetic: true }

export interface Walkways {
  lines: Feature<LineString, WalkwayProps>[]
  summary: { streets: number; lanes: number; bridges: number; underpasses: number; compounds: number; riverCut: number; expresswayCut: number }
}

/** Blocks larger than this (m²) get a lane from a corner to their middle. */
const LANE_BLOCK_M2 = 40_000

export function buildWalkways(o: WalkwayInput): Walkways {
  const { delaunay, circumcenters: cc, sites, inside, city, proj } = o
  const vertex = (t: number): XY => [cc[2 * t], cc[2 * t + 1]]
  const compoundOf = new Int32Array(sites.length).fill(-1)
  o.compounds.forEach((c, k) => c.atoms.forEach((a) => (compoundOf[a] = k)))

  // The expressway: across the city's north-west, along the valley, wobbling a little.
  const expressway: XY[] = []
  for (let u = -city.a * 1.05; u <= city.a * 1.05; u += 200) expressway.push(fromValley([u, city.b * 0.42 + 120 * Math.sin(u / 1900)]))
  const underpassAt = [-0.45, 0, 0.45].map((f) => fromValley([f * city.a, city.b * 0.42 + 120 * Math.sin((f * city.a) / 1900)]))

  type Edge = { a: XY; b: XY; ta: number; tb: number; i: number; j: number }
  const edges: Edge[] = []
  const { triangles, halfedges } = delaunay
  for (let e = 0; e < halfedges.length; e++) {
    const opposite = halfedges[e]
    if (opposite < e) continue
    const i = triangles[e]
    const j = triangles[e % 3 === 2 ? e - 2 : e + 1]
    if (!inside[i] && !inside[j]) continue
    const [ta, tb] = [Math.floor(e / 3), Math.floor(opposite / 3)]
    const [a, b] = [vertex(ta), vertex(tb)]
    if (distance(a, b) < 2) continue
    edges.push({ a, b, ta, tb, i, j })
  }

  const samples = (a: XY, b: XY) => {
    const n = Math.max(1, Math.ceil(distance(a, b) / 10))
    return Array.from({ length: n + 1 }, (_, k): XY => [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n])
  }
  let riverCut = 0
  let expresswayCut = 0
  const crossingsOfExpressway: Edge[] = []
  const kept: Edge[] = []
  const walls: Edge[] = []
  for (const edge of edges) {
    if (samples(edge.a, edge.b).some((p) => city.isInRiver(p, 3))) {
      riverCut++
      continue
    }
    if (crossesPolyline(edge.a, edge.b, expressway)) {
      crossingsOfExpressway.push(edge)
      continue
    }
    // A compound's edge with the outside is its wall (the gate is chosen below).
    const [ci, cj] = [compoundOf[edge.i], compoundOf[edge.j]]
    if (ci !== cj) walls.push(edge)
    else kept.push(edge)
  }
  // Underpasses: the crossing edge nearest each chosen point; the others are cut.
  const underpasses = new Set(underpassAt.map((p) => nearestEdge(crossingsOfExpressway, p)).filter((e): e is Edge => !!e))
  expresswayCut = crossingsOfExpressway.length - underpasses.size
  // One gate per compound: of its wall edges that meet one of its lanes inside, the nearest the middle of the city.
  const gates = new Set(
    o.compounds
      .map((_, k) => {
        const inner = new Set(kept.filter((e) => compoundOf[e.i] === k).flatMap((e) => [e.ta, e.tb]))
        return nearestEdge(walls.filter((w) => (compoundOf[w.i] === k || compoundOf[w.j] === k) && (inner.has(w.ta) || inner.has(w.tb))), [0, 0])
      })
      .filter((e): e is Edge => !!e),
  )

  const ll = (p: XY) => proj.toLonLat(p)
  const line = (points: XY[], props: WalkwayProps): Feature<LineString, WalkwayProps> => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: points.map(ll) } })
  const lines: Feature<LineString, WalkwayProps>[] = []
  for (const e of kept) {
    const props: WalkwayProps = { highway: compoundOf[e.i] >= 0 ? 'service' : 'residential', synthetic: true }
    const n = o.pieceMeters ? Math.max(1, Math.round(distance(e.a, e.b) / o.pieceMeters)) : 1
    const at = (k: number): XY => (k === 0 ? e.a : k === n ? e.b : [e.a[0] + ((e.b[0] - e.a[0]) * k) / n, e.a[1] + ((e.b[1] - e.a[1]) * k) / n])
    for (let k = 0; k < n; k++) lines.push(line([at(k), at(k + 1)], props))
  }
  for (const e of underpasses) lines.push(line([e.a, e.b], { highway: 'residential', tunnel: 'yes', synthetic: true }))
  for (const e of walls) lines.push(line([e.a, e.b], gates.has(e) ? { highway: 'footway', gate: 'yes', name: `${o.compounds[Math.max(compoundOf[e.i], compoundOf[e.j])].name}大门`, synthetic: true } : { highway: 'no', barrier: 'wall', synthetic: true }))

  // Lanes: into each large block, from its corner nearest its middle.
  let lanes = 0
  const corners = new Map<number, number[]>()
  for (const e of kept) for (const [atom, t] of [[e.i, e.ta], [e.i, e.tb], [e.j, e.ta], [e.j, e.tb]]) corners.set(atom, [...(corners.get(atom) ?? []), t])
  for (let atom = 0; atom < sites.length; atom++) {
    if (!inside[atom] || o.atomArea[atom] < LANE_BLOCK_M2 || city.isInRiver(sites[atom], 10)) continue
    const options = corners.get(atom)
    if (!options?.length) continue
    const t = options.reduce((best, c) => (distance(vertex(c), sites[atom]) < distance(vertex(best), sites[atom]) ? c : best))
    if (samples(vertex(t), sites[atom]).some((p) => city.isInRiver(p, 3)) || crossesPolyline(vertex(t), sites[atom], expressway)) continue
    lines.push(line([vertex(t), sites[atom]], { highway: 'service', synthetic: true }))
    lanes++
  }

  // Bridges: where each main road crosses the river, between the nearest street corners on either bank.
  let bridges = 0
  const bankVertices = kept.flatMap((e) => [e.a, e.b])
  for (const road of city.roads) {
    // The road's last point on a bank, and the next on the other: the river lies between them.
    let last: { p: XY; side: number } | undefined
    for (const q of road.line) {
      const sq = riverSide(city, q)
      if (sq === 0) continue
      const previous = last
      last = { p: q, side: sq }
      if (!previous || previous.side === sq) continue
      const [p, sp] = [previous.p, previous.side]
      const crossing: XY = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]
      const ends = [sp, sq].map((side) => nearestPoint(bankVertices.filter((v) => riverSide(city, v) === side && distance(v, crossing) < 400), crossing))
      if (!ends[0] || !ends[1]) continue
      lines.push(line([ends[0], ends[1]], { highway: 'footway', bridge: 'yes', name: `${road.name}桥`, synthetic: true }))
      bridges++
    }
  }
  lines.push(line(expressway, { highway: 'motorway', name: '铜仁绕城高速（示意）', synthetic: true }))
  return { lines, summary: { streets: kept.length + underpasses.size, lanes, bridges, underpasses: underpasses.size, compounds: gates.size, riverCut, expresswayCut } }
}

/** Which side of the river's centreline a point lies (1 north-west, -1 south-east), 0 in the river. */
function riverSide(city: City, p: XY): number {
  if (city.isInRiver(p, 3)) return 0
  const [u, v] = toValley(p)
  const c = city.riverValley
  const k = Math.max(0, Math.min(c.length - 1, Math.round((u - c[0][0]) / city.riverStep)))
  return v > c[k][1] ? 1 : -1
}

function crossesPolyline(a: XY, b: XY, line: readonly XY[]): boolean {
  for (let k = 1; k < line.length; k++) if (segmentsCross(a, b, line[k - 1], line[k])) return true
  return false
}

function segmentsCross(p1: XY, p2: XY, p3: XY, p4: XY): boolean {
  const d = (a: XY, b: XY, c: XY) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
  const [d1, d2, d3, d4] = [d(p3, p4, p1), d(p3, p4, p2), d(p1, p2, p3), d(p1, p2, p4)]
  return d1 * d2 < 0 && d3 * d4 < 0
}

function nearestEdge<E extends { a: XY; b: XY }>(edges: E[], p: XY): E | undefined {
  let best: E | undefined
  let bestD = Infinity
  for (const e of edges) {
    const d = distance([(e.a[0] + e.b[0]) / 2, (e.a[1] + e.b[1]) / 2], p)
    if (d < bestD) [best, bestD] = [e, d]
  }
  return best
}

function nearestPoint(points: XY[], p: XY): XY | undefined {
  let best: XY | undefined
  let bestD = Infinity
  for (const q of points) {
    const d = distance(q, p)
    if (d < bestD) [best, bestD] = [q, d]
  }
  return best
}
