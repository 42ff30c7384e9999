// computeCoverage on the walking network: the same figures (residents served per area of a level
// and for the district, each area's covered share and its gap polygons), with each building's walk
// measured along the streets (compute-network-reach.ts) instead of a circle's radius.
//
// Residents are counted exactly: a building is served when its own walk — straight to the network,
// then along it — is within the cut-off. The drawn service area (what the covered shares and gaps
// are made of) is the land within `stripMeters` (default 50 m, a block's frontage) of a street
// point reached with `stripMeters` to spare: every point in it is within the walk (a straight walk
// of at most `stripMeters` from there). Why this and not a concave hull of the reached nodes: a
// hull bridges the river and the expressway (the very barriers the network exists to show) and
// fills a walled compound; the strip follows the streets and leaves a barrier's far side uncovered.
//
// It is drawn as a distance field on a 10 m lattice (strip-field.ts) and read back as polygons by
// marching squares (area-gaps.ts, contour-rings.ts), not as a union of polygons: on Tongren's
// 176,609 edges Clipper's union of the strips took 2.5 s of a 3 s first run, the field and its
// contours ~150 ms. The field's shapes end round (the exact set above; Clipper's were cut square,
// its round ends 2.5× slower); against a 5 m lattice, each grid's covered share is within 0.73
// percentage points (median 0.09) on Tongren — a 20 m lattice was within 2.9, a 12.5 m one 0.9.
//
// Incremental what-if (`memo`, one per network, kept by the caller as it keeps the snaps): the walk
// starts from the last one (a station moved, added or removed, or more edges closed walk again only
// what they change: compute-network-reach.ts), the field is drawn by tiles (strip-tiles.ts) and
// only the tiles whose streets' reach changed are drawn again, a tile reached end to end is the
// network's band (drawn once per network: prepareNetworkCoverage draws all of it ahead, with each
// area on the lattice), and an area whose tiles did not change keeps its gap. On Tongren's network:
// a first run ~0.3 s after the network is prepared, a station moved in tens of milliseconds
// (`npm run bench -- network`).
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { PathsD } from 'clipper2-ts'
import { areaTiles, contourPolygons, createAreaLattice, fieldGap, type AreaLattice } from './internal/area-gaps.js'
import { closedRing } from './internal/clipper-geojson.js'
import type { RowHints } from './internal/contour-rings.js'
import type { WalkNetwork } from './build-walk-network.js'
import type { CoverageAreaInput, CoverageDemandInput, CoverageResult } from './compute-coverage.js'
import { computeNetworkReach, type NetworkReach } from './compute-network-reach.js'
import type { DemandIndex } from './create-demand-index.js'
import { assembleCoverage, checkTargetPct, pointLevelAreas, selectLevelAreas } from './internal/assemble-coverage.js'
import { areaInMeters, coverAreas, type AreaMemo } from './internal/cover-areas.js'
import { EDGE_NONE, EDGE_PART, EDGE_WHOLE, createEdgeMarks, createReachedStreets, reachedSpans, reachedState, stationOfEdge, streetPieces, type EdgeMarks, type ReachedStreets } from './internal/street-pieces.js'
import { createStripLattice, drawPiecesField, drawTileField, piecesWindow, type StripLattice } from './internal/strip-field.js'
import { createStripTiles, type StripTiles } from './internal/strip-tiles.js'
import type { PlaceSnaps } from './snap-to-walk-network.js'

/** The distance field's lattice (m): see strip-field.ts for what it costs and how exact it is. */
const CELL_METERS = 10

/**
 * The side of a tile (m). Smaller tiles redraw less round a change but repeat more of the strips at
 * their margins (two strip widths each side); on Tongren's network 500 m drew a station moved in
 * 1/3 of the time of 1,000 m, and the first full run within 10 % of it.
 */
const TILE_METERS = 500

/** What a walk on the network is asked of: the areas, the demand points (indexed, and joined to the network once), the facilities and the network. */
export interface NetworkCoverageInput<A extends CoverageAreaInput, D extends CoverageDemandInput> {
  areas: FeatureCollection<Polygon | MultiPolygon, A>
  demand: DemandIndex<D>
  facilities: FeatureCollection<Point>
  network: WalkNetwork
  /** The demand points snapped to the network (snapPlaces over the index's lon and lat). */
  snaps: PlaceSnaps
  /** What the last run drew (createNetworkCoverageMemo, one per network and demand): the next run draws only what changed. */
  memo?: NetworkCoverageMemo
}

export interface NetworkCoverageOptions {
  /** The longest walk that counts, in metres (minutes × metres a minute: no detour factor on the network). */
  cutoffMeters: number
  level: string
  targetPct?: number
  /** Width of the drawn service area either side of a reached street (default 50 m). */
  stripMeters?: number
  /** 1 for each edge closed (live closures). */
  closed?: Uint8Array
  /** Also each station's service area: the strips of the streets it is the nearest station to. */
  serviceAreas?: boolean
}

export interface StationServiceAreaProperties {
  /** The station's index among the facilities, and its id where the feature has one. */
  station: number
  id: string | number | null
  /** Residents whose nearest station within the walk it is. */
  population: number
  areaSqm: number
}

export interface NetworkCoverageResult<A> extends CoverageResult<A> {
  reach: NetworkReach
  /** With `serviceAreas`: one feature per station that reaches a street. */
  serviceAreas?: FeatureCollection<MultiPolygon, StationServiceAreaProperties>
}

/** What a run leaves for the next one on the same network: the tiles, their shapes, the walk. */
export interface NetworkCoverageMemo {
  net?: WalkNetwork
  strip?: number
  tiles?: StripTiles
  lattice?: StripLattice
  marks?: EdgeMarks
  /** Each tile's field when every street in it is reached end to end (the network's band there). */
  band: Map<number, Float32Array | null>
  /** Each tile's field in the last run (none: nothing reached near it). */
  fields: Map<number, Float32Array>
  /** Whether the band of every tile is drawn (prepareNetworkCoverage); otherwise each is drawn the first time a run reaches its every street. */
  bandDrawn?: boolean
  /** Each area on the lattice (its signed distances) and the street segments within a strip's width of its box, once per network. */
  areaPrep: WeakMap<object, AreaPrep>
  last?: { reach: NetworkReach; budget: number; closed?: Uint8Array; snaps: PlaceSnaps }
  /** Each station's service area in the last run, by index, with the streets it was drawn from (as a key). */
  stationAreas: Map<number, StationArea>
  /** The areas and level the last run covered: only the next run of the same knows what changed for them since. */
  lastCover?: { areas: object; level: string }
  /** Each demand point's area of the level (pointLevelAreas), for the demand, areas and level it was found for. */
  pointAreas?: { demand: object; areas: object; level: string; index: Int32Array }
  areas: WeakMap<object, AreaMemo>
}

interface StationArea {
  key: string
  polygons: PathsD[]
  sqm: number
}

interface AreaPrep {
  lattice: AreaLattice
  near: Uint32Array
}

export const createNetworkCoverageMemo = (): NetworkCoverageMemo => ({ band: new Map(), fields: new Map(), areaPrep: new WeakMap(), areas: new WeakMap(), stationAreas: new Map() })

/** What changed since the last run, by tile: the tiles whose drawn shape may differ, and those where only which station reaches a street may. */
interface TileChanges {
  redraw: Set<number>
  touched: Set<number>
}

const sameSpans = (a: ReturnType<typeof reachedSpans>, b: ReturnType<typeof reachedSpans>) =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every(([x, y], k) => x === b[k][0] && y === b[k][1]))

/**
 * The tiles the change from `last` to this run reaches (null: every tile, a fresh run). An edge is
 * looked at when a node of it changed its walk, a station that moved joined it, or it closed or
 * opened; its tiles are redrawn only when its reached pieces differ (a street reached end to end
 * from another station is drawn the same).
 */
function changedTiles(net: WalkNetwork, tiles: StripTiles, last: NetworkCoverageMemo['last'], r: ReachedStreets, reach: NetworkReach): TileChanges | null {
  if (!last || last.budget !== r.budget) return null
  const edges = new Set<number>()
  const [before, now] = [last.reach.nodes, reach.nodes]
  for (let v = 0; v < net.nodeCount; v++) {
    if (before.meters[v] === now.meters[v] && before.source[v] === now.source[v]) continue
    for (let k = net.offsets[v]; k < net.offsets[v + 1]; k++) edges.add(net.adjacentEdge[k])
  }
  const stations = Math.max(reach.stationSnaps.length, last.reach.stationSnaps.length)
  for (let s = 0; s < stations; s++) {
    const [a, b] = [reach.stationSnaps[s], last.reach.stationSnaps[s]]
    if (a === b) continue
    if (a) edges.add(a.edge)
    if (b) edges.add(b.edge)
  }
  const { closed } = r
  if (closed || last.closed) for (let e = 0; e < net.edgeCount; e++) if ((closed?.[e] ?? 0) !== (last.closed?.[e] ?? 0)) edges.add(e)
  const lastStreets = createReachedStreets(net, last.reach, last.budget, last.closed)
  const changes: TileChanges = { redraw: new Set(), touched: new Set() }
  for (const e of edges) {
    const redraw = !sameSpans(reachedSpans(r, e), reachedSpans(lastStreets, e))
    for (let k = tiles.edgeFirst[e]; k < tiles.edgeFirst[e + 1]; k++) {
      changes.touched.add(tiles.tiles[k])
      if (redraw) changes.redraw.add(tiles.tiles[k])
    }
  }
  return changes
}

/** Tile t's field: the distances to its reached street pieces (none: nothing reached near it). */
function drawTile(memo: NetworkCoverageMemo, r: ReachedStreets, t: number): Float32Array | null {
  const tiles = memo.tiles!
  const edges = tiles.edges.subarray(tiles.first[t], tiles.first[t + 1])
  let [whole, none] = [true, true]
  for (let k = 0; k < edges.length && (whole || none); k++) {
    const state = reachedState(r, edges[k])
    if (state !== EDGE_WHOLE) whole = false
    if (state !== EDGE_NONE) none = false
  }
  if (none) return null
  if (whole && memo.band.has(t)) return memo.band.get(t)!
  const field = drawTileField(memo.lattice!, t, streetPieces(r, edges, memo.marks!))
  if (whole) memo.band.set(t, field)
  return field
}

/** The memo ready for this network and strip width (emptied when either changed). */
function memoFor(memo: NetworkCoverageMemo | undefined, net: WalkNetwork, strip: number): NetworkCoverageMemo {
  const m = memo ?? createNetworkCoverageMemo()
  if (m.net !== net || m.strip !== strip) {
    const tiles = createStripTiles(net, 2 * strip, TILE_METERS)
    Object.assign(m, createNetworkCoverageMemo(), { net, strip, tiles, lattice: createStripLattice(tiles, CELL_METERS, strip), marks: createEdgeMarks(net) })
  }
  return m
}

/** An area's lattice and nearby street segments, made the first time they are asked for. */
function areaPrepOf(memo: NetworkCoverageMemo, area: object, rings: PathsD, box: { x0: number; y0: number; x1: number; y1: number }): AreaPrep {
  let prep = memo.areaPrep.get(area)
  if (!prep) {
    const { strip, net } = memo as Required<NetworkCoverageMemo>
    const near = Uint32Array.from(net.segments.index.search(box.x0 - strip, box.y0 - strip, box.x1 + strip, box.y1 + strip))
    memo.areaPrep.set(area, (prep = { lattice: createAreaLattice(rings, memo.lattice!), near }))
  }
  return prep
}

/** Every tile's band (the strips of all its streets): what a tile whose every street is reached end to end is drawn as. */
function drawBand(memo: NetworkCoverageMemo): void {
  const { net, tiles, lattice, marks } = memo as Required<NetworkCoverageMemo>
  const everywhere = createReachedStreets(net, { nodes: { meters: new Float64Array(net.nodeCount), source: new Int32Array(net.nodeCount) }, stationSnaps: [] }, Infinity)
  for (let t = 0; t < tiles.cols * tiles.rows; t++) {
    if (tiles.first[t] === tiles.first[t + 1] || memo.band.has(t)) continue
    memo.band.set(t, drawTileField(lattice, t, streetPieces(everywhere, tiles.edges.subarray(tiles.first[t], tiles.first[t + 1]), marks)))
  }
  memo.bandDrawn = true
}

/**
 * Readies `memo` for runs on this network and these areas of `level`, as the snaps are made once
 * per network: the tiles, every tile's band, each area on the lattice and the streets near it. A
 * run on a memo not readied makes what it needs as it goes (the first run is then slower).
 *
 * @example
 * const memo = createNetworkCoverageMemo()
 * prepareNetworkCoverage({ network: net, areas, memo }, { level: 'grid' })
 */
export function prepareNetworkCoverage<A extends CoverageAreaInput>(
  input: { network: WalkNetwork; areas: FeatureCollection<Polygon | MultiPolygon, A>; memo: NetworkCoverageMemo },
  options: { level: string; stripMeters?: number },
): void {
  const memo = memoFor(input.memo, input.network, options.stripMeters ?? 50)
  if (!memo.bandDrawn) drawBand(memo)
  for (const area of selectLevelAreas(input.areas, options.level).features) {
    const { rings, box } = areaInMeters(area, input.network.projection, memo.areas)
    areaPrepOf(memo, area, rings, box)
  }
}

/**
 * Population and area coverage per area of `options.level` by walks along `network`.
 *
 * @example
 * const snaps = snapPlaces(net, index)
 * const memo = createNetworkCoverageMemo()
 * const { summary } = computeNetworkCoverage({ areas, demand: index, facilities, network: net, snaps, memo }, { cutoffMeters: 1200, level: 'grid' })
 */
export function computeNetworkCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: NetworkCoverageInput<A, D>,
  options: NetworkCoverageOptions,
): NetworkCoverageResult<A> {
  checkTargetPct(options.targetPct)
  const { network: net } = input
  const cutoff = options.cutoffMeters
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`cutoffMeters must be a positive number, not ${cutoff}`)
  const strip = options.stripMeters ?? 50
  const memo = memoFor(input.memo, net, strip)
  const tiles = memo.tiles!
  // The last walk is of the same places only with the same snaps (one per network and demand).
  const last = memo.last?.snaps === input.snaps ? memo.last : undefined
  const stations = input.facilities.features.map((f) => f.geometry.coordinates as [number, number])
  const reach = computeNetworkReach(net, stations, input.demand, input.snaps, { cutoffMeters: cutoff, closed: options.closed, previous: last?.reach })
  const budget = cutoff - strip
  const r = createReachedStreets(net, reach, budget, options.closed)

  const changed = changedTiles(net, tiles, last, r, reach)
  if (!changed) memo.fields.clear()
  const tileCount = tiles.cols * tiles.rows
  for (let t = 0; t < tileCount; t++) {
    if (tiles.first[t] === tiles.first[t + 1] || (changed && !changed.redraw.has(t))) continue
    const field = drawTile(memo, r, t)
    if (field) memo.fields.set(t, field)
    else memo.fields.delete(t)
  }
  memo.last = { reach, budget, closed: reach.closed, snaps: input.snaps }

  // Each area's gap is read from the fields of the tiles its lattice box overlaps; an area none of
  // whose tiles changed keeps its cover, and one whose tiles kept their fields keeps its gap.
  const lattice = memo.lattice!
  const touched = changed ? [...changed.touched].map((t) => [t % tiles.cols, Math.floor(t / tiles.cols)] as const) : []
  const sameCover = changed && memo.lastCover?.areas === input.areas && memo.lastCover.level === options.level
  memo.lastCover = { areas: input.areas, level: options.level }
  const level = selectLevelAreas(input.areas, options.level)
  const fieldOf = (t: number) => memo.fields.get(t)
  const seenStations = new Uint32Array(stations.length)
  let tick = 0
  const { areas, gaps } = coverAreas(
    level,
    net.projection,
    (box, rings, area) => {
      const prep = areaPrepOf(memo, area, rings, box)
      const { c0, c1, r0, r1 } = areaTiles(prep.lattice, lattice)
      const kept = memo.areas.get(area)
      if (sameCover && kept?.parts && kept.inReach !== undefined && !touched.some(([c, row]) => c >= c0 && c <= c1 && row >= r0 && row <= r1)) return { parts: kept.parts, inReach: kept.inReach }
      const parts: Float32Array[] = []
      for (let row = r0; row <= r1; row++) {
        for (let col = c0; col <= c1; col++) {
          const field = memo.fields.get(row * tiles.cols + col)
          if (field) parts.push(field)
        }
      }
      return { parts, inReach: stationsNear(r, prep.near, seenStations, ++tick), gapOf: (kept) => fieldGap(prep.lattice, lattice, fieldOf, strip, kept.areaSqm) }
    },
    memo.areas,
  )
  const pa = memo.pointAreas
  const pointAreas = pa?.demand === input.demand && pa.areas === input.areas && pa.level === options.level ? pa.index : pointLevelAreas(input.demand, input.areas, level.features, options.level)
  memo.pointAreas = { demand: input.demand, areas: input.areas, level: options.level, index: pointAreas }
  const result = assembleCoverage(input.demand, input.areas, reach.served, areas.features, gaps.features, { radiusMeters: cutoff, level: options.level, targetPct: options.targetPct }, pointAreas)
  return { ...result, reach, ...(options.serviceAreas ? { serviceAreas: drawServiceAreas(input, r, reach, memo, strip) } : {}) }
}

/**
 * The field turned to metres within the strip (above 0 inside it), and what marching squares may
 * skip: per row, whether any point is inside and the columns from the first to the last that is.
 */
function withinStrip(field: Float32Array, win: { w: number; h: number }, strip: number): RowHints {
  const signs = new Uint8Array(win.h)
  const spans = new Int32Array(2 * win.h)
  for (let j = 0; j < win.h; j++) {
    let lo = win.w
    let hi = -1
    for (let i = 0, k = j * win.w; i < win.w; i++, k++) {
      const v = (field[k] = strip - field[k])
      if (v > 0) {
        if (lo > i) lo = i
        hi = i
      }
    }
    signs[j] = (hi >= 0 ? 1 : 0) | (lo > 0 || hi < win.w - 1 ? 2 : 0)
    spans[2 * j] = lo
    spans[2 * j + 1] = hi
  }
  return { signs, spans }
}

/**
 * Each station's service area for a run already made on the same input and memo (as `serviceAreas:
 * true` would have drawn it): /plan shows a run's figures first and its stations' areas after.
 */
export function computeStationServiceAreas<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: NetworkCoverageInput<A, D>,
  result: Pick<NetworkCoverageResult<A>, 'reach'>,
  options: { stripMeters?: number } = {},
): FeatureCollection<MultiPolygon, StationServiceAreaProperties> {
  const strip = options.stripMeters ?? 50
  const memo = memoFor(input.memo, input.network, strip)
  const r = createReachedStreets(input.network, result.reach, result.reach.cutoffMeters - strip, result.reach.closed)
  return drawServiceAreas(input, r, result.reach, memo, strip)
}

/** How many stations reach a street piece along the `near` segments (those within a strip's width of an area's box); `seen[s] === tick` marks those counted. */
function stationsNear(r: ReachedStreets, near: Uint32Array, seen: Uint32Array, tick: number): number {
  const { net } = r
  let found = 0
  for (const s of near) {
    const e = net.segments.edge[s]
    const state = reachedState(r, e)
    if (state === EDGE_NONE) continue
    if (state === EDGE_PART) {
      const spans = reachedSpans(r, e) as [number, number][]
      // Only a piece that runs along this segment counts.
      const [from, to] = [net.segments.along[s], s + 1 < net.edgeSegments[e + 1] ? net.segments.along[s + 1] : net.edgeLength[e]]
      if (!spans.some(([a, b]) => a <= to && b >= from)) continue
    }
    const station = stationOfEdge(r, e)
    if (station >= 0 && seen[station] !== tick) ((seen[station] = tick), found++)
  }
  return found
}

/**
 * Each station's service area: the strips of the street pieces it is the nearest station to (a
 * street reached from two stations goes to the lower-numbered of its ends' stations), with the
 * residents it serves.
 */
function drawServiceAreas<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: NetworkCoverageInput<A, D>,
  r: ReachedStreets,
  reach: NetworkReach,
  memo: NetworkCoverageMemo,
  strip: number,
): FeatureCollection<MultiPolygon, StationServiceAreaProperties> {
  const { net } = r
  const byStation = new Map<number, number[]>()
  for (let e = 0; e < net.edgeCount; e++) {
    if (reachedSpans(r, e) === null) continue
    const s = stationOfEdge(r, e)
    if (s < 0) continue
    const list = byStation.get(s)
    if (list) list.push(e)
    else byStation.set(s, [e])
  }
  const population = new Float64Array(input.facilities.features.length)
  input.demand.features.forEach((f, i) => {
    if (reach.served[i]) population[reach.station[i]] += f.properties.population ?? 0
  })
  const features: Feature<MultiPolygon, StationServiceAreaProperties>[] = []
  const kept = new Map<number, StationArea>()
  const lattice = memo.lattice!
  // One array for every station's field (each is contoured and let go).
  let scratch = new Float32Array(0)
  for (const [s, edges] of [...byStation].sort((a, b) => a[0] - b[0])) {
    // The same streets reached as far as in the last run: the same shape, not drawn again.
    const key = edges.map((e) => { const spans = reachedSpans(r, e); return spans === 'whole' ? `${e}` : `${e}:${spans!.flat().join(':')}` }).join(',')
    const last = memo.stationAreas.get(s)
    let area = last?.key === key ? last : undefined
    if (!area) {
      // The strips of its streets: the field of its pieces alone, and its contour at the strip's width.
      const pieces = streetPieces(r, edges, memo.marks!)
      const win = piecesWindow(lattice, pieces)
      if (scratch.length < win.w * win.h) scratch = new Float32Array(2 * win.w * win.h)
      const field = drawPiecesField(lattice, win, pieces, scratch)
      area = { key, ...(field ? contourPolygons(field, win, lattice, withinStrip(field, win, strip)) : { polygons: [], sqm: 0 }) }
    }
    kept.set(s, area)
    if (!area.polygons.length) continue
    const facility = input.facilities.features[s]
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: area.polygons.map((paths) => paths.map((path) => closedRing(path, net.projection.toLonLat))) },
      properties: { station: s, id: facility.id ?? (facility.properties as { id?: string | number } | null)?.id ?? null, population: population[s], areaSqm: area.sqm },
    })
  }
  memo.stationAreas = kept
  return { type: 'FeatureCollection', features }
}
