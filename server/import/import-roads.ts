// `npm run import -- FILE --kind roads`: a walking network from GeoJSON lines whose properties are
// OpenStreetMap tags (highway, foot, access, sidewalk, bridge, tunnel, barrier, name…). Every
// feature is checked as for the other kinds (a LineString or MultiLineString, coordinates in
// range, converted from GCJ-02/BD-09); the lines are cut to the district (where one is loaded);
// the walked ones (core/domain/walkable-ways.ts) are cut at their junctions — the vertices two lines
// share (core/analysis/split-at-junctions.ts) — and joined into a network of nodes and edges
// (core/analysis/build-walk-network.ts); the rest are kept as barriers to draw. The report says
// what a planner should look at: ends that lead nowhere, lines drawn twice, pieces cut off from the
// main network. All or nothing, replacing the network in one transaction.
import type { Feature, LineString, Position } from 'geojson'
import { buildWalkNetwork } from '../../core/analysis/build-walk-network.js'
import { splitAtJunctions } from '../../core/analysis/split-at-junctions.js'
import { geometryToWgs84, type InputCrs } from '../../core/domain/coordinates.js'
import { isWalkableWay } from '../../core/domain/walkable-ways.js'
import type { Sql, Tx } from '../db/client.js'
import { replaceRoads, stageAndClipRoads, type RoadRow } from '../db/queries/roads.js'
import { checkGeometry, findOutOfRange, formatPosition, isObject, parseGeoJsonText, to2d, type Rejection } from './validate-features.js'

export interface RoadsImportReport {
  kind: 'roads'
  total: number
  rejected: Rejection[]
  written: boolean
  /** Lines stored (after the cut to the district), walked and not. */
  lines: number
  walkable: number
  barriers: number
  /** Features wholly outside the district. */
  outside: number
  nodes: number
  edges: number
  /** Nodes where a single walked edge ends (a cul-de-sac, or a line that misses its junction). */
  danglingEnds: number
  /** Edges that repeat another between the same two nodes within a metre of its length. */
  duplicates: number
  /** Pieces of the network not joined to its largest part, and the edges in them. */
  islands: number
  islandEdges: number
}

export interface RoadsImportOptions {
  crs?: InputCrs
}

/** Imports the text of a GeoJSON file of road lines, in a transaction of its own. */
export async function importRoadsText(sql: Sql, text: string, options: RoadsImportOptions = {}): Promise<RoadsImportReport> {
  const parsed = parseGeoJsonText(text)
  if ('reason' in parsed) return { ...emptyReport(0), rejected: [parsed] }
  return sql.begin((tx) => importRoadsInTransaction(tx, parsed.features, options)) as Promise<RoadsImportReport>
}

/** Imports road features (an OpenStreetMap extract's ways, read-osm.ts), in a transaction of their own. */
export async function importRoadsFeatures(sql: Sql, features: unknown[], options: RoadsImportOptions = {}): Promise<RoadsImportReport> {
  return sql.begin((tx) => importRoadsInTransaction(tx, features, options)) as Promise<RoadsImportReport>
}

/** Imports road features inside the caller's transaction; writes nothing when any feature is rejected. */
export async function importRoadsInTransaction(tx: Tx, features: unknown[], options: RoadsImportOptions = {}): Promise<RoadsImportReport> {
  const rejected: Rejection[] = []
  const staged: { idx: number; tags: Record<string, string>; geom: LineString }[] = []
  features.forEach((raw, index) => {
    const reject = (reason: string) => rejected.push({ index, reason })
    if (!isObject(raw) || raw.type !== 'Feature') return reject('not a GeoJSON Feature')
    const feature = raw as unknown as Feature
    const tags = readTags(feature.properties)
    if (typeof tags === 'string') return reject(tags)
    const geometryError = checkGeometry(feature.geometry, ['LineString', 'MultiLineString'])
    if (geometryError) return reject(geometryError)
    const geometry = geometryToWgs84(to2d(feature.geometry!), options.crs ?? 'wgs84')
    const outOfRange = findOutOfRange(geometry)
    if (outOfRange) return reject(`coordinate ${formatPosition(outOfRange)} is out of range after conversion`)
    const lines = geometry.type === 'LineString' ? [geometry.coordinates] : (geometry as { coordinates: Position[][] }).coordinates
    if (lines.some((l) => l.length < 2)) return reject('a line needs at least 2 positions')
    for (const coordinates of lines) staged.push({ idx: index, tags, geom: { type: 'LineString', coordinates } })
  })
  const report = emptyReport(features.length)
  if (rejected.length) return { ...report, rejected }

  const { pieces } = await stageAndClipRoads(tx, staged)
  report.outside = new Set(staged.map((s) => s.idx)).size - new Set(pieces.map((p) => p.idx)).size
  const walked = pieces.filter((p) => isWalkableWay(p.tags))
  const barriers = pieces.filter((p) => !isWalkableWay(p.tags))
  const cut = splitAtJunctions(walked.map((p) => p.geom.coordinates))
  const net = buildWalkNetwork(cut.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c.coords } })))

  const rows: RoadRow[] = []
  const row = (tags: Record<string, string>, coordinates: Position[], walkable: { source: number; target: number; length: number } | null): RoadRow => ({
    highway: tags.highway ?? '',
    name: tags.name ?? null,
    bridge: isYes(tags.bridge),
    tunnel: isYes(tags.tunnel),
    barrier: tags.barrier ?? null,
    walkable: walkable !== null,
    source: walkable?.source ?? null,
    target: walkable?.target ?? null,
    length_m: walkable?.length ?? 0,
    tags,
    synthetic: tags.synthetic === 'true',
    geom: { type: 'LineString', coordinates },
  })
  for (let e = 0; e < net.edgeCount; e++) {
    const piece = cut[net.edgeFeature[e]]
    rows.push(row(walked[piece.line].tags, piece.coords, { source: net.edgeFrom[e], target: net.edgeTo[e], length: net.edgeLength[e] }))
  }
  for (const b of barriers) rows.push(row(b.tags, b.geom.coordinates, null))
  await replaceRoads(
    tx,
    Array.from({ length: net.nodeCount }, (_, n) => ({ lon: net.nodeLon[n], lat: net.nodeLat[n] })),
    rows,
  )
  return { ...report, ...describeNetwork(net), lines: rows.length, walkable: net.edgeCount, barriers: barriers.length, written: true }
}

/** What the report tells about the topology. */
function describeNetwork(net: ReturnType<typeof buildWalkNetwork>) {
  let danglingEnds = 0
  for (let n = 0; n < net.nodeCount; n++) if (net.offsets[n + 1] - net.offsets[n] === 1) danglingEnds++
  const pairs = new Map<string, number[]>()
  let duplicates = 0
  for (let e = 0; e < net.edgeCount; e++) {
    const key = `${Math.min(net.edgeFrom[e], net.edgeTo[e])}-${Math.max(net.edgeFrom[e], net.edgeTo[e])}`
    const lengths = pairs.get(key) ?? []
    if (lengths.some((l) => Math.abs(l - net.edgeLength[e]) < 1)) duplicates++
    pairs.set(key, [...lengths, net.edgeLength[e]])
  }
  // Connected parts, by a walk from each node not yet reached.
  const part = new Int32Array(net.nodeCount).fill(-1)
  const edgesOf: number[] = []
  for (let s = 0; s < net.nodeCount; s++) {
    if (part[s] >= 0) continue
    const id = edgesOf.push(0) - 1
    const stack = [s]
    part[s] = id
    while (stack.length) {
      const n = stack.pop()!
      for (let k = net.offsets[n]; k < net.offsets[n + 1]; k++) {
        edgesOf[id] += 0.5
        const m = net.adjacentNode[k]
        if (part[m] < 0) ((part[m] = id), stack.push(m))
      }
    }
  }
  const largest = edgesOf.reduce((best, n, i) => (n > edgesOf[best] ? i : best), 0)
  const islands = edgesOf.length ? edgesOf.length - 1 : 0
  const islandEdges = edgesOf.reduce((sum, n, i) => (i === largest ? sum : sum + n), 0)
  return { nodes: net.nodeCount, edges: net.edgeCount, danglingEnds, duplicates, islands, islandEdges: Math.round(islandEdges) }
}

/** Tags as strings: a property's value may be a string, number or boolean (GeoJSON from OSM tools). */
function readTags(properties: unknown): Record<string, string> | string {
  if (properties === null || properties === undefined) return 'properties are missing: a road needs its highway tag'
  if (!isObject(properties)) return 'properties must be an object of tags'
  const tags: Record<string, string> = {}
  for (const [k, v] of Object.entries(properties)) {
    if (v === null || v === undefined) continue
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return `property ${k}: a tag's value must be a string, number or boolean`
    tags[k] = String(v)
  }
  if (!tags.highway && !tags.barrier) return 'property highway: required (a road, path or footway), or barrier for a line that blocks the way'
  return tags
}

const isYes = (v: string | undefined) => v !== undefined && v !== 'no' && v !== 'false'

function emptyReport(total: number): RoadsImportReport {
  return { kind: 'roads', total, rejected: [], written: false, lines: 0, walkable: 0, barriers: 0, outside: 0, nodes: 0, edges: 0, danglingEnds: 0, duplicates: 0, islands: 0, islandEdges: 0 }
}

/** The report as the CLI prints it. */
export function formatRoadsReport(r: RoadsImportReport, most = 20): string {
  const lines = r.rejected.slice(0, most).map((x) => `rejected  ${x.index < 0 ? 'file' : `feature ${x.index}`}: ${x.reason}`)
  if (r.rejected.length > most) lines.push(`rejected  … and ${r.rejected.length - most} more`)
  if (!r.written) {
    lines.push(`roads: ${r.total} features, ${r.rejected.length} rejected — nothing was written`)
    return lines.join('\n')
  }
  lines.push(
    `roads: ${r.total} features → ${r.lines} lines (${r.walkable} walked edges, ${r.barriers} not walked)${r.outside ? `, ${r.outside} features outside the district left out` : ''}`,
    `network: ${r.nodes} nodes, ${r.edges} edges; ${r.danglingEnds} dead ends, ${r.duplicates} edges drawn twice, ${r.islands} pieces cut off from the main network (${r.islandEdges} edges)`,
  )
  return lines.join('\n')
}
