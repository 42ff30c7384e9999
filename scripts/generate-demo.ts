// `npx tsx scripts/generate-demo.ts`: generates the seeded, synthetic Bijiang demo dataset
// (geodata/) from the real names and codes of its streets and communities.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import type { Feature, LineString, Point, Polygon, Position } from 'geojson'
import { Delaunay, balancedKMeans, buildAdjacency, enforceContiguity, throwDarts, type Neighbour } from './demo/atoms.js'
import { City, toValley } from './demo/city.js'
import { runChecks, type CheckInput } from './demo/check.js'
import {
  LocalProjection,
  PreparedPolygon,
  cleanRing,
  distance,
  ringSignedArea,
  unionPolygons,
  type AreaGeometry,
  type XY,
} from './demo/geometry.js'
import {
  EXCLUSIVE_KINDS,
  FACILITY_TYPES,
  LeaderFactory,
  romanise,
  shortName,
} from './demo/names.js'
import { Rng } from '../core/random.js'
import { allocate, householdsOf, scalePopulation, sumBy } from './demo/allocate.js'
import {
  CENTRE,
  DEFAULT_SEED,
  DISTRICT_BBOX,
  RIVER_STREET,
  SCALES,
  STREET_ANCHORS,
  type CommunityInfo,
  type Divisions,
  type ExclusiveInfo,
  type GridInfo,
} from './demo/config.js'
import { compareCodes, dedupeLine, featureCollectionText, median } from './demo/text.js'
import { readStreets } from './demo/streets.js'
import { placeFacilities } from './demo/facilities.js'
import { buildWalkways } from './demo/walkways.js'

const usage = `Usage: npx tsx scripts/generate-demo.ts [--seed N] [--out DIR] [--scale bijiang|tongren]

Generates the synthetic demo dataset of Bijiang district (碧江区, Tongren): areas (district, 7 streets,
their communities with real names and codes, comprehensive and exclusive grids), facilities, demand
points, facility types and an orientation basemap. All geometry, populations, leaders and facilities are
synthetic. The same seed gives byte-identical files.

Options:
  --seed N          seed of the generator (default ${20_240_602})
  --out DIR         output folder (default geodata for bijiang, .data/tongren for tongren)
  --scale S         bijiang: the committed demo (~350 grids, 20,000 demand points)
                    tongren: a city-size benchmark set (1,050 grids, 184 communities, 200,000 points);
                    not committed
  --divisions FILE  names and codes (default geodata/sources/nbs2023_520602_bijiang_divisions.json)
  --help            this text`

// ---------------------------------------------------------------------------------------------
// CLI

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        seed: { type: 'string' },
        out: { type: 'string' },
        scale: { type: 'string', default: 'bijiang' },
        divisions: { type: 'string', default: 'geodata/sources/nbs2023_520602_bijiang_divisions.json' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    })
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`)
    process.exit(2)
  }
})()
if (values.help) {
  console.log(usage)
  process.exit(0)
}
if (values.scale !== 'bijiang' && values.scale !== 'tongren') {
  console.error(`--scale must be bijiang or tongren, not ${values.scale}\n\n${usage}`)
  process.exit(2)
}
const seed = values.seed === undefined ? DEFAULT_SEED : /^\d{1,10}$/.test(values.seed) ? Number(values.seed) : NaN
if (!Number.isInteger(seed) || seed > 2 ** 32 - 1) {
  console.error(`--seed must be an integer from 0 to 4294967295, not ${values.seed}`)
  process.exit(2)
}
const scaleName = values.scale
const cfg = SCALES[scaleName]
const outDir = values.out ?? cfg.defaultOut

const started = performance.now()
const log = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`)
const rootRng = new Rng(seed)
const rngFor = (name: string) => rootRng.fork(seed, name)

// ---------------------------------------------------------------------------------------------
// Names and codes

const divisions = JSON.parse(readFileSync(values.divisions!, 'utf8')) as Divisions
const streets = readStreets(divisions, values.divisions!)
log(`${divisions.county.name}: ${streets.length} streets, ${streets.reduce((n, s) => n + s.realCommunities.length, 0)} communities (seed ${seed}, scale ${scaleName})`)

// ---------------------------------------------------------------------------------------------
// City shape and atoms

const proj = new LocalProjection(CENTRE[0], CENTRE[1])
const city = new City(rngFor('city'), cfg.scale, cfg.clusters)
const outlineBox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
for (let i = 0; i < 720; i++) {
  const t = (i / 720) * 2 * Math.PI
  const [x, y] = city.polar(t, city.boundaryRadius(t))
  outlineBox[0] = Math.min(outlineBox[0], x)
  outlineBox[1] = Math.min(outlineBox[1], y)
  outlineBox[2] = Math.max(outlineBox[2], x)
  outlineBox[3] = Math.max(outlineBox[3], y)
}
const margin = cfg.maxRadius * 3
const atomBox: [number, number, number, number] = [outlineBox[0] - margin, outlineBox[1] - margin, outlineBox[2] + margin, outlineBox[3] + margin]
const radiusAt = (x: number, y: number): number => {
  if (!city.isInsideOutline([x, y])) return cfg.maxRadius * 1.15
  // atom area roughly inversely proportional to density: about the same number of people per atom
  const d = city.density([x, y])
  return Math.max(cfg.minRadius, Math.min(cfg.maxRadius, cfg.minRadius / Math.sqrt(d + 1e-3)))
}
const attempts = Math.round((((atomBox[2] - atomBox[0]) * (atomBox[3] - atomBox[1])) / cfg.minRadius ** 2) * 4)
const dartBar = progressBar('atoms')
dartBar.start(attempts, 0)
const sites = throwDarts(rngFor('atoms'), atomBox, radiusAt, attempts, cfg.minRadius, cfg.maxRadius * 1.15, (done) => dartBar.update(done))
dartBar.update(attempts)
dartBar.stop()
const delaunay = Delaunay.from(sites)
const voronoi = delaunay.voronoi(atomBox)
const adjacency: Neighbour[][] = buildAdjacency(delaunay, voronoi.circumcenters, sites.length)
const MIN_EDGE = 2 // m: cells meeting along less than this only touch

// Inside = site inside the outline, then no enclosed holes and no islands.
const inside = new Uint8Array(sites.length)
sites.forEach((s, i) => (inside[i] = city.isInsideOutline(s) ? 1 : 0))
{
  const reach = (startList: number[], pass: (i: number) => boolean) => {
    const seen = new Uint8Array(sites.length)
    const stack = startList.filter(pass)
    for (const s of stack) seen[s] = 1
    while (stack.length) {
      const a = stack.pop()!
      for (const n of adjacency[a]) if (n.edge >= MIN_EDGE && !seen[n.atom] && pass(n.atom)) (seen[n.atom] = 1), stack.push(n.atom)
    }
    return seen
  }
  const hull = Array.from(delaunay.hull)
  const outsideReached = reach(hull, (i) => !inside[i])
  for (let i = 0; i < sites.length; i++) if (!inside[i] && !outsideReached[i]) inside[i] = 1
  const insideReached = reach([delaunay.find(0, 0)], (i) => inside[i] === 1)
  for (let i = 0; i < sites.length; i++) if (inside[i] && !insideReached[i]) inside[i] = 0
}
const insideAtoms = sites.map((_, i) => i).filter((i) => inside[i])
const atomCell: Position[][] = []
const atomArea = new Float64Array(sites.length)
for (const i of insideAtoms) {
  const cell = voronoi.cellPolygon(i) as unknown as XY[]
  atomCell[i] = cleanRing(cell.map((p) => proj.toLonLat(p)))
  atomArea[i] = Math.abs(ringSignedArea(cell))
}
log(`atoms: ${sites.length} Voronoi cells, ${insideAtoms.length} inside the urban outline`)

// ---------------------------------------------------------------------------------------------
// Demand points (residential buildings)

const dpRng = rngFor('demand')
const dp = {
  lon: new Float64Array(cfg.demandPoints),
  lat: new Float64Array(cfg.demandPoints),
  atom: new Int32Array(cfg.demandPoints),
  weight: new Float64Array(cfg.demandPoints),
  population: new Int32Array(cfg.demandPoints),
}
let findHint = 0
/** Draws one residential location by rejection from the density field; rounded, and re-checked after rounding. */
function sampleResidence(rng: Rng): { ll: [number, number]; xy: XY; atom: number; density: number } {
  for (;;) {
    const p: XY = [rng.range(outlineBox[0], outlineBox[2]), rng.range(outlineBox[1], outlineBox[3])]
    const d = city.density(p)
    if (d <= 0 || rng.float() > d) continue
    const ll = proj.toLonLat(p)
    const xy = proj.toXY(ll)
    if (city.density(xy) <= 0) continue
    const atom = delaunay.find(xy[0], xy[1], findHint)
    findHint = atom
    if (!inside[atom]) continue
    return { ll, xy, atom, density: d }
  }
}
{
  const bar = progressBar('demand points')
  bar.start(cfg.demandPoints, 0)
  for (let i = 0; i < cfg.demandPoints; i++) {
    const r = sampleResidence(dpRng)
    dp.lon[i] = r.ll[0]
    dp.lat[i] = r.ll[1]
    dp.atom[i] = r.atom
    dp.weight[i] = (8 + 30 * r.density) * Math.exp(0.4 * dpRng.normal())
    if (i % 2000 === 0) bar.update(i)
  }
  bar.update(cfg.demandPoints)
  bar.stop()
  dp.population.set(scalePopulation(dp.weight, cfg.population))
}
const atomPop = new Float64Array(sites.length)
for (let i = 0; i < cfg.demandPoints; i++) atomPop[dp.atom[i]] += dp.population[i]
log(`demand points: ${cfg.demandPoints.toLocaleString('en')} sampled`)

// ---------------------------------------------------------------------------------------------
// Streets: the river street along the Jin River, the others around their anchors

const streetOfAtom = new Int32Array(sites.length).fill(-1)
{
  const s = cfg.scale * 1000
  const stretch = city.riverValley.filter((p, i) => i % 5 === 0 && Math.abs(p[0]) <= 2.3 * s)
  // raw score of every (atom, street): distance to the street's anchor, or to the river for 锦江
  const raw = insideAtoms.map((i) => {
    const q = toValley(sites[i])
    return streets.map((st) => {
      if (st.name === RIVER_STREET) {
        let d = Infinity
        for (const p of stretch) d = Math.min(d, Math.hypot(q[0] - p[0], q[1] - p[1]))
        return 2 * d
      }
      const a = STREET_ANCHORS[st.name]
      if (!a) throw new Error(`no layout anchor for ${st.name}`)
      return Math.hypot(q[0] - a[0] * s, q[1] - a[1] * s)
    })
  })
  // biases so that each street's population is close to its share (its number of real communities)
  const shares = streets.map((st) => st.realCommunities.length)
  const shareSum = shares.reduce((a, b) => a + b, 0)
  const totalPop = insideAtoms.reduce((n, i) => n + atomPop[i] + 1, 0)
  const bias = streets.map(() => 0)
  const assign = () =>
    raw.forEach((scores, j) => {
      let best = 0
      for (let k = 1; k < scores.length; k++) if (scores[k] - bias[k] < scores[best] - bias[best]) best = k
      streetOfAtom[insideAtoms[j]] = best
    })
  for (let it = 0; it < 60; it++) {
    assign()
    const load = streets.map(() => 0)
    for (const i of insideAtoms) load[streetOfAtom[i]] += atomPop[i] + 1
    streets.forEach((_, k) => {
      const target = (totalPop * shares[k]) / shareSum
      bias[k] += 250 * cfg.scale * (1 - it / 60) * Math.max(-1, Math.min(1, (target - load[k]) / target))
    })
  }
  assign()
  enforceContiguity(insideAtoms, streetOfAtom, adjacency, MIN_EDGE)
}
const streetAtoms = streets.map((st) => insideAtoms.filter((i) => streetOfAtom[i] === st.index))

// ---------------------------------------------------------------------------------------------
// Communities: population-weighted k-means of the atoms inside each street

const streetPop = streetAtoms.map((atoms) => atoms.reduce((n, i) => n + atomPop[i], 0))
const communitiesPerStreet =
  cfg.communitiesTotal === null
    ? streets.map((st) => st.realCommunities.length)
    : allocate(
        cfg.communitiesTotal,
        streetPop,
        streets.map((st) => st.realCommunities.length),
        streets.map(() => Infinity),
      )
const communities: CommunityInfo[] = []
const communityOfAtom = new Int32Array(sites.length).fill(-1)
{
  const rng = rngFor('communities')
  for (const st of streets) {
    const atoms = streetAtoms[st.index]
    const k = communitiesPerStreet[st.index]
    const base = communities.length
    // communities differ in size: shares drawn between 0.7 and 1.4 of the mean
    const labels = clusterAtoms(rng, atoms, Array.from({ length: k }, () => rng.range(0.7, 1.4)))
    atoms.forEach((a, j) => (communityOfAtom[a] = base + labels[j]))
    enforceContiguity(atoms, communityOfAtom, adjacency, MIN_EDGE)
    // Name the clusters: 东门/南门/西门/北门/北关 by direction, the rest clockwise from the north.
    const clusterAtomsList = Array.from({ length: k }, (_, c) => atoms.filter((a) => communityOfAtom[a] === base + c))
    const centroid = (list: number[]) => weightedCentroid(list)
    const streetCentre = centroid(atoms)
    const names: { code: string; name: string }[] = [...st.realCommunities]
    for (let n = st.realCommunities.length + 1; names.length < k; n++) {
      names.push({ code: `${st.code}${String(100 + n).padStart(3, '0')}`, name: `${shortName(st.name)}第${n}社区` })
    }
    const free = new Set(clusterAtomsList.map((_, c) => c))
    const nameOf = new Map<number, { code: string; name: string }>()
    const DIRS: Record<string, XY> = { 东: [1, 0], 南: [0, -1], 西: [-1, 0], 北: [0, 1] }
    for (const nm of names) {
      const m = /^([东南西北])[门关]社区$/.exec(nm.name)
      if (!m) continue
      let best = -1
      let bestDot = -Infinity
      for (const c of free) {
        const [cx, cy] = centroid(clusterAtomsList[c])
        const dot = ((cx - streetCentre[0]) * DIRS[m[1]][0] + (cy - streetCentre[1]) * DIRS[m[1]][1]) / (Math.hypot(cx - streetCentre[0], cy - streetCentre[1]) + 1)
        if (dot > bestDot) [best, bestDot] = [c, dot]
      }
      free.delete(best)
      nameOf.set(best, nm)
    }
    const rest = names.filter((nm) => ![...nameOf.values()].includes(nm))
    const byAngle = [...free].sort((a, b) => bearing(streetCentre, centroid(clusterAtomsList[a])) - bearing(streetCentre, centroid(clusterAtomsList[b])))
    byAngle.forEach((c, j) => nameOf.set(c, rest[j]))
    for (let c = 0; c < k; c++) {
      const nm = nameOf.get(c)!
      const short = shortName(nm.name)
      const synthetic = /第\d+社区$/.exec(nm.name)
      communities.push({
        index: base + c,
        code: nm.code,
        name: nm.name,
        name_en: synthetic ? `${romanise(shortName(st.name))} No. ${nm.name.match(/\d+/)![0]} Community` : `${romanise(short)} Community`,
        street: st.index,
        atoms: clusterAtomsList[c],
      })
    }
  }
  // contiguity may have moved atoms after the lists were taken: rebuild them from the labels
  for (const c of communities) c.atoms = []
  for (const i of insideAtoms) communities[communityOfAtom[i]].atoms.push(i)
}
for (const c of communities) if (c.atoms.length === 0) throw new Error(`community ${c.code} got no atoms`)
log(`communities: ${communities.length} (atoms per community: min ${Math.min(...communities.map((c) => c.atoms.length))}, median ${median(communities.map((c) => c.atoms.length))})`)

// ---------------------------------------------------------------------------------------------
// Comprehensive grids: population-balanced k-means inside each community

const communityPop = communities.map((c) => c.atoms.reduce((n, i) => n + atomPop[i], 0))
const gridsPerCommunity = allocate(
  cfg.gridsTotal,
  communityPop,
  communities.map((c) => Math.max(1, Math.min(cfg.gridsPerCommunity[0], Math.floor(c.atoms.length / 2)))),
  communities.map((c) => Math.max(1, Math.min(cfg.gridsPerCommunity[1], Math.floor(c.atoms.length / 2)))),
)
const grids: GridInfo[] = []
const gridOfAtom = new Int32Array(sites.length).fill(-1)
{
  const rng = rngFor('grids')
  for (const c of communities) {
    const k = gridsPerCommunity[c.index]
    const base = grids.length
    const labels = clusterAtoms(rng, c.atoms, new Array(k).fill(1))
    c.atoms.forEach((a, j) => (gridOfAtom[a] = base + labels[j]))
    enforceContiguity(c.atoms, gridOfAtom, adjacency, MIN_EDGE)
    const lists = Array.from({ length: k }, (_, g) => c.atoms.filter((a) => gridOfAtom[a] === base + g))
    const centre = weightedCentroid(c.atoms)
    const order = lists.map((_, g) => g).sort((a, b) => bearing(centre, weightedCentroid(lists[a])) - bearing(centre, weightedCentroid(lists[b])))
    const short = shortName(c.name)
    order.forEach((g, j) => {
      for (const a of lists[g]) gridOfAtom[a] = base + j
      grids.push({
        index: base + j,
        code: `${c.code}-G${String(j + 1).padStart(2, '0')}`,
        name: `${short}社区第${j + 1}网格`,
        name_en: `${c.name_en} Grid ${j + 1}`,
        community: c.index,
        atoms: lists[g],
      })
    })
  }
}
log(`comprehensive grids: ${grids.length}`)

// ---------------------------------------------------------------------------------------------
// Exclusive grids (专属网格): a few blocks grown around a seed atom inside one community

const exclusives: ExclusiveInfo[] = []
{
  const rng = rngFor('exclusive')
  const used = new Uint8Array(sites.length)
  const perCommunity = new Map<number, number>()
  for (const [kind, streetName] of cfg.exclusive) {
    const st = streets.find((s) => s.name === streetName)!
    const offRiver = (a: number) => !city.isInRiver(sites[a], cfg.maxRadius)
    const candidates = streetAtoms[st.index].filter((a) => !used[a] && !(perCommunity.get(communityOfAtom[a]) ?? 0) && offRiver(a))
    const weights = candidates.map((a) => {
      const ratio = city.outlineRatio(sites[a])
      return kind === 'campus' ? (atomPop[a] + 1) * (ratio > 0.35 && ratio < 0.85 ? 1 : 0.05) : (atomPop[a] + 1) ** 2
    })
    const seedAtom = candidates[rng.weightedIndex(weights)]
    const comm = communityOfAtom[seedAtom]
    const cap = Math.max(1, Math.floor(communities[comm].atoms.length * 0.35))
    const [minM2, maxM2] = EXCLUSIVE_KINDS[kind].areaM2
    const target = rng.range(minM2, maxM2)
    const chosen = [seedAtom]
    used[seedAtom] = 1
    let area = atomArea[seedAtom]
    while (area < target && chosen.length < cap) {
      let best = -1
      let bestD = Infinity
      for (const a of chosen)
        for (const n of adjacency[a]) {
          if (n.edge < MIN_EDGE * 5 || used[n.atom] || communityOfAtom[n.atom] !== comm || !offRiver(n.atom)) continue
          const d = distance(sites[n.atom], sites[seedAtom])
          if (d < bestD) [best, bestD] = [n.atom, d]
        }
      if (best < 0) break
      chosen.push(best)
      used[best] = 1
      area += atomArea[best]
    }
    const nth = (perCommunity.get(comm) ?? 0) + 1
    perCommunity.set(comm, nth)
    const c = communities[comm]
    const spec = EXCLUSIVE_KINDS[kind]
    exclusives.push({
      code: `${c.code}-E${String(nth).padStart(2, '0')}`,
      kind,
      name: `${shortName(c.name)}${spec.zh}专属网格`,
      name_en: `${c.name_en.replace(/ Community$/, '')} ${spec.en} Exclusive Grid`,
      community: comm,
      atoms: chosen,
    })
  }
}
log(`exclusive grids: ${exclusives.length}`)

// ---------------------------------------------------------------------------------------------
// Polygons: unions of atoms, level by level, so every level shares the same vertices

const gridGeom: AreaGeometry[] = []
const communityGeom: AreaGeometry[] = []
const streetGeom: AreaGeometry[] = []
let districtGeom: AreaGeometry
{
  const bar = progressBar('polygons')
  bar.start(grids.length + communities.length + streets.length + 1, 0)
  let done = 0
  for (const g of grids) {
    gridGeom[g.index] = unionPolygons(g.atoms.map((a): Polygon => ({ type: 'Polygon', coordinates: [atomCell[a]] })))
    bar.update(++done)
  }
  for (const c of communities) {
    communityGeom[c.index] = unionPolygons(grids.filter((g) => g.community === c.index).map((g) => gridGeom[g.index]))
    bar.update(++done)
  }
  for (const st of streets) {
    streetGeom[st.index] = unionPolygons(communities.filter((c) => c.street === st.index).map((c) => communityGeom[c.index]))
    bar.update(++done)
  }
  districtGeom = unionPolygons(streetGeom)
  bar.update(++done)
  bar.stop()
}
const exclusiveGeom = exclusives.map((e) => unionPolygons(e.atoms.map((a): Polygon => ({ type: 'Polygon', coordinates: [atomCell[a]] }))))
log('polygons: unions done')

// ---------------------------------------------------------------------------------------------
// Assign every demand point to the grid polygon it lies in (checked against the rounded output)

const gridPrepared = gridGeom.map((g) => new PreparedPolygon(g))
const exclusivePrepared = exclusiveGeom.map((g) => new PreparedPolygon(g))
const exclusiveOfAtom = new Int32Array(sites.length).fill(-1)
exclusives.forEach((e, k) => e.atoms.forEach((a) => (exclusiveOfAtom[a] = k)))
const dpGrid = new Int32Array(cfg.demandPoints)
const dpExclusive = new Int32Array(cfg.demandPoints).fill(-1)
let resampled = 0
{
  const rng = rngFor('demand-fix')
  const bar = progressBar('point-in-grid')
  bar.start(cfg.demandPoints, 0)
  const BOUNDARY_CLEARANCE = 0.5 // m: no point so close to a boundary that a validator could disagree
  /** The grid a point lies in, by its nearest atom (the Voronoi structure), then that atom's neighbours. */
  const locate = (ll: Position, atom: number): number => {
    const tryGrid = (g: number) => g >= 0 && gridPrepared[g].contains(ll) && gridPrepared[g].distanceToBoundary(ll, proj) >= BOUNDARY_CLEARANCE
    if (tryGrid(gridOfAtom[atom])) return gridOfAtom[atom]
    for (const n of adjacency[atom]) if (inside[n.atom] && tryGrid(gridOfAtom[n.atom])) return gridOfAtom[n.atom]
    return -1
  }
  const exclusiveOk = (ll: Position, atom: number): boolean => {
    const near = [atom, ...adjacency[atom].map((n) => n.atom)].map((a) => exclusiveOfAtom[a]).filter((k) => k >= 0)
    return near.every((k) => exclusivePrepared[k].distanceToBoundary(ll, proj) >= BOUNDARY_CLEARANCE)
  }
  for (let i = 0; i < cfg.demandPoints; i++) {
    let ll: Position = [dp.lon[i], dp.lat[i]]
    let atom = dp.atom[i]
    let g = locate(ll, atom)
    while (g < 0 || !exclusiveOk(ll, atom)) {
      const r = sampleResidence(rng)
      ;[ll, atom] = [r.ll, r.atom]
      ;[dp.lon[i], dp.lat[i], dp.atom[i]] = [r.ll[0], r.ll[1], r.atom]
      g = locate(ll, atom)
      resampled++
    }
    dpGrid[i] = g
    const ex = exclusiveOfAtom[atom]
    const candidates = [ex, ...adjacency[atom].map((n) => exclusiveOfAtom[n.atom])].filter((k) => k >= 0)
    dpExclusive[i] = candidates.find((k) => exclusivePrepared[k].contains(ll)) ?? -1
    if (i % 2000 === 0) bar.update(i)
  }
  bar.update(cfg.demandPoints)
  bar.stop()
}
log(`demand points: every point inside its grid (${resampled} moved off a boundary)`)

// Populations: grids are sums of their points, communities of their grids, and so on up.
const dpHouseholds = Array.from(dp.population, householdsOf)
const gridPopulation = sumBy(cfg.demandPoints, (i) => dpGrid[i], grids.length, (i) => dp.population[i])
const gridHouseholds = sumBy(cfg.demandPoints, (i) => dpGrid[i], grids.length, (i) => dpHouseholds[i])
const exclusivePopulation = sumBy(cfg.demandPoints, (i) => dpExclusive[i], exclusives.length, (i) => dp.population[i])
const exclusiveHouseholds = sumBy(cfg.demandPoints, (i) => dpExclusive[i], exclusives.length, (i) => dpHouseholds[i])
const communityPopulation = sumBy(grids.length, (g) => grids[g].community, communities.length, (g) => gridPopulation[g])
const communityHouseholds = sumBy(grids.length, (g) => grids[g].community, communities.length, (g) => gridHouseholds[g])
const streetPopulation = sumBy(communities.length, (c) => communities[c].street, streets.length, (c) => communityPopulation[c])
const streetHouseholds = sumBy(communities.length, (c) => communities[c].street, streets.length, (c) => communityHouseholds[c])
const districtPopulation = streetPopulation.reduce((a, b) => a + b, 0)
const districtHouseholds = streetHouseholds.reduce((a, b) => a + b, 0)

// ---------------------------------------------------------------------------------------------
// Facilities: mostly central, so the urban edge keeps deliberate 15-minute coverage gaps

const facilities = placeFacilities({
  cfg,
  rng: rngFor('facilities'),
  city,
  proj,
  sites,
  voronoi,
  delaunay,
  inside,
  insideAtoms,
  adjacency,
  atomPop,
  streets,
  communities,
  communityOfAtom,
  grids,
  gridOfAtom,
  gridPopulation,
  communityGeom,
  gridPrepared,
  weightedCentroid,
})
log(`facilities: ${facilities.length}`)

// ---------------------------------------------------------------------------------------------
// Features

const leaders = new LeaderFactory(rngFor('leaders'))
type Props = Record<string, unknown>
const areaFeature = (geometry: AreaGeometry, props: Props): Feature<AreaGeometry, Props> => ({ type: 'Feature', properties: { ...props, ...leaders.create(), synthetic: true }, geometry })
const areaProps = (code: string, name: string, name_en: string, level: string, kind: string, parent_code: string | null, population: number, hh: number) => ({
  code,
  name,
  name_en,
  level,
  kind,
  parent_code,
  population,
  households: hh,
})
const areaFeatures: Feature<AreaGeometry, Props>[] = []
areaFeatures.push(areaFeature(districtGeom, areaProps('520602', divisions.county.name, 'Bijiang District', 'district', 'comprehensive', null, districtPopulation, districtHouseholds)))
for (const st of streets) {
  areaFeatures.push(areaFeature(streetGeom[st.index], areaProps(st.code, st.name, st.name_en, 'street', 'comprehensive', '520602', streetPopulation[st.index], streetHouseholds[st.index])))
}
const communitiesByCode = [...communities].sort((a, b) => compareCodes(a.code, b.code))
for (const c of communitiesByCode) {
  areaFeatures.push(areaFeature(communityGeom[c.index], areaProps(c.code, c.name, c.name_en, 'community', 'comprehensive', streets[c.street].code, communityPopulation[c.index], communityHouseholds[c.index])))
}
for (const c of communitiesByCode) {
  for (const g of grids.filter((x) => x.community === c.index)) {
    areaFeatures.push(areaFeature(gridGeom[g.index], areaProps(g.code, g.name, g.name_en, 'grid', 'comprehensive', c.code, gridPopulation[g.index], gridHouseholds[g.index])))
  }
  exclusives.forEach((e, k) => {
    if (e.community !== c.index) return
    areaFeatures.push(areaFeature(exclusiveGeom[k], areaProps(e.code, e.name, e.name_en, 'grid', 'exclusive', c.code, exclusivePopulation[k], exclusiveHouseholds[k])))
  })
}

const facilityOrder = new Map(FACILITY_TYPES.map((t, i) => [t.code, i]))
const facilityFeatures: Feature<Point, Props>[] = facilities
  .map((f, i) => ({ f, i }))
  .sort((a, b) => facilityOrder.get(a.f.type)! - facilityOrder.get(b.f.type)! || compareCodes(a.f.code, b.f.code))
  .map(({ f }) => ({
    type: 'Feature',
    properties: {
      code: f.code,
      name: f.name,
      name_en: f.name_en,
      type: f.type,
      address: f.address,
      opening_hours: f.opening_hours,
      services: f.services,
      area_code: f.area_code,
      synthetic: true,
    },
    geometry: { type: 'Point', coordinates: f.ll },
  }))

const demandFeatures: Feature<Point, Props>[] = []
for (let i = 0; i < cfg.demandPoints; i++) {
  demandFeatures.push({
    type: 'Feature',
    properties: {
      code: `D${String(i + 1).padStart(6, '0')}`,
      population: dp.population[i],
      households: dpHouseholds[i],
      area_code: grids[dpGrid[i]].code,
      synthetic: true,
    },
    geometry: { type: 'Point', coordinates: [dp.lon[i], dp.lat[i]] },
  })
}

const riverRing = cleanRing(city.riverPolygon().map((p) => proj.toLonLat(p)))
const basemapFeatures: Feature<Polygon | LineString, Props>[] = [
  { type: 'Feature', properties: { kind: 'river', name: '锦江', name_en: 'Jin River', synthetic: true }, geometry: { type: 'Polygon', coordinates: [riverRing] } },
  ...city.roads.map(
    (r): Feature<LineString, Props> => ({
      type: 'Feature',
      properties: { kind: 'road', name: r.name, name_en: r.name_en, road_class: r.road_class, synthetic: true },
      geometry: { type: 'LineString', coordinates: dedupeLine(r.line.map((p) => proj.toLonLat(p))) },
    }),
  ),
]

// ---------------------------------------------------------------------------------------------
// The walking network: streets between the blocks, the river's bridges, the expressway's
// underpasses, the walled compounds' gates (scripts/demo/walkways.ts)

/** Metres of a street line in the Tongren-scale set (its block sides are cut into lines this long). */
const TONGREN_PIECE_METERS = 20

const walkways = buildWalkways({
  delaunay,
  circumcenters: voronoi.circumcenters,
  sites,
  inside,
  atomArea,
  city,
  proj,
  compounds: exclusives.filter((e) => e.kind === 'campus' || e.kind === 'hospital').map((e) => ({ name: e.name.replace(/专属网格$/, ''), atoms: e.atoms })),
  // The city-size benchmark set's streets cut as an OpenStreetMap extract's are (issue 18 asks for 150,000 edges).
  pieceMeters: scaleName === 'tongren' ? TONGREN_PIECE_METERS : undefined,
})
log(`walkways: ${walkways.lines.length} lines (${JSON.stringify(walkways.summary)})`)

// ---------------------------------------------------------------------------------------------
// Checks, then write

const checkInput: CheckInput = {
  areas: areaFeatures,
  facilities: facilityFeatures,
  demand: demandFeatures,
  facilityTypes: FACILITY_TYPES,
  basemap: basemapFeatures,
  districtBbox: DISTRICT_BBOX,
  log,
}
const report = runChecks(checkInput)

mkdirSync(outDir, { recursive: true })
const files: [string, string][] = [
  ['facility-types.json', JSON.stringify(FACILITY_TYPES, null, 2) + '\n'],
  ['areas.geojson', featureCollectionText(areaFeatures, '\n')],
  ['facilities.geojson', featureCollectionText(facilityFeatures, '\n')],
  ['demand-points.geojson', featureCollectionText(demandFeatures, '')],
  ['basemap.geojson', featureCollectionText(basemapFeatures, '\n')],
  ['roads.geojson', featureCollectionText(walkways.lines, '')],
]
for (const [name, text] of files) writeFileSync(path.join(outDir, name), text)
log(`wrote ${files.length} files to ${outDir}/`)

// ---------------------------------------------------------------------------------------------
// Summary (stdout)

const countType = (t: string) => facilities.filter((f) => f.type === t).length
const lines = [
  `GridPulse demo dataset — scale ${scaleName}, seed ${seed}`,
  ``,
  `areas.geojson          ${areaFeatures.length} features`,
  `  district               1  (520602 碧江区)`,
  `  streets                ${streets.length}`,
  `  communities            ${communities.length}`,
  `  comprehensive grids    ${grids.length}  (${Math.min(...gridsPerCommunity)}–${Math.max(...gridsPerCommunity)} per community)`,
  `  exclusive grids        ${exclusives.length}  (${exclusives.map((e) => e.name).join('、')})`,
  `facilities.geojson     ${facilities.length} features`,
  ...FACILITY_TYPES.map((t) => `  ${t.code.padEnd(24)} ${countType(t.code)}`),
  `demand-points.geojson  ${cfg.demandPoints} features`,
  `  population             ${districtPopulation.toLocaleString('en')}`,
  `  households             ${districtHouseholds.toLocaleString('en')}`,
  `basemap.geojson        ${basemapFeatures.length} features (1 river, ${city.roads.length} roads)`,
  `roads.geojson          ${walkways.lines.length} lines: ${walkways.summary.streets} streets, ${walkways.summary.lanes} lanes, ${walkways.summary.bridges} bridges, ${walkways.summary.underpasses} underpasses, ${walkways.summary.compounds} walled compounds with one gate`,
  ``,
  `per street: population / communities / grids / area km²`,
  ...streets.map(
    (st) =>
      `  ${st.name} ${st.name_en.padEnd(24)} ${String(streetPopulation[st.index]).padStart(8)}  ${String(communitiesPerStreet[st.index]).padStart(3)}  ${String(grids.filter((g) => communities[g.community].street === st.index).length).padStart(4)}  ${report.areaKm2.get(st.code)!.toFixed(1).padStart(6)}`,
  ),
  ``,
  `15-minute coverage (1,000 m straight line, all facility types): ${(100 * report.coverage.share).toFixed(1)} % of residents`,
  `  unserved residents ${report.coverage.unservedPopulation.toLocaleString('en')} in ${report.coverage.unservedPoints} demand points; ${report.coverage.gridsBelowHalf} grids below 50 % coverage`,
  `  unserved residents by distance from the centre: ${report.coverage.byRing.map((r) => `${r.label} ${r.unserved.toLocaleString('en')}/${r.total.toLocaleString('en')}`).join(', ')}`,
  `grid population: min ${Math.min(...gridPopulation)}, median ${median(gridPopulation)}, max ${Math.max(...gridPopulation)}; atoms (blocks) per grid: min ${Math.min(...grids.map((g) => g.atoms.length))}, median ${median(grids.map((g) => g.atoms.length))}, ${grids.filter((g) => g.atoms.length < 3).length} grids with fewer than 3`,
  ``,
  `file sizes: ${files.map(([n]) => `${n} ${(statSync(path.join(outDir, n)).size / 1024).toFixed(0)} KiB`).join(', ')}`,
  `time: ${((performance.now() - started) / 1000).toFixed(1)} s`,
]
console.log(lines.join('\n'))

// ---------------------------------------------------------------------------------------------
// Helpers

function progressBar(label: string) {
  if (!process.stderr.isTTY) {
    return { start: (total: number, _v: number) => log(`${label}: 0/${total}`), update: (_v: number) => undefined, stop: () => undefined }
  }
  return new cliProgress.SingleBar({ format: `${label.padEnd(16)} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
}

/** Compass bearing from a to b in [0, 2π), clockwise from north. */
function bearing(a: XY, b: XY): number {
  const t = Math.atan2(b[0] - a[0], b[1] - a[1])
  return t < 0 ? t + 2 * Math.PI : t
}

/** Population-weighted centroid of atoms (area-weighted where nobody lives). */
function weightedCentroid(atoms: readonly number[]): XY {
  let sx = 0
  let sy = 0
  let sw = 0
  for (const a of atoms) {
    const w = atomPop[a] + 1e-3 * atomArea[a]
    sx += sites[a][0] * w
    sy += sites[a][1] * w
    sw += w
  }
  return [sx / sw, sy / sw]
}

/** Population-balanced clusters of atoms (a little weight for empty land too); returns a label per atom. */
function clusterAtoms(rng: Rng, atoms: readonly number[], shares: number[]): number[] {
  if (atoms.length < shares.length) throw new Error(`only ${atoms.length} atoms for ${shares.length} clusters`)
  const total = atoms.reduce((n, a) => n + atomPop[a], 0)
  const floor = (0.03 * total) / Math.max(1, atoms.length)
  return balancedKMeans(
    rng,
    atoms.map((a) => sites[a]),
    atoms.map((a) => atomPop[a] + floor + 1e-6),
    shares,
    60,
  )
}
