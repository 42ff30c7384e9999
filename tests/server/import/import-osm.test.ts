// `npm run import -- FILE.osm|FILE.osm.pbf --kind roads` (server/import/read-osm.ts): an extract's
// road and barrier ways as lines, in OpenStreetMap XML and in PBF (written here with the parser's own
// protobuf schema: dense nodes, zlib blobs, as osmium writes them); both give the same lines, and the
// import joins the ways at their shared nodes only, walks what may be walked (foot=no, a motorway
// without a sidewalk and a wall not) and reports what it left out.
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../../server/db/client.js'
import { importRoadsFeatures } from '../../../server/import/import-roads.js'
import { getOsmFormat, readOsmWays } from '../../../server/import/read-osm.js'
import { createScratchDatabase } from '../test-db.js'

let db: Db
let cleanup = async () => {}
beforeAll(async () => {
  const scratch = await createScratchDatabase('osm_import')
  cleanup = scratch.cleanup
  db = await openDb({ ...scratch.where, migrate: true })
})
afterAll(async () => {
  await db?.close()
  await cleanup()
})

// Around (109.19, 27.72): a street east–west (nodes 1, 2, 3) and one north–south through its node 2
// (4, 2, 5); a footbridge over the first (6, 7: no node on it); a motorway without a sidewalk and one
// with (8, 9 and 10, 11); a path closed to walkers (12, 13); an untagged way; a way with a node the
// extract lacks (99).
const X = 109.19
const Y = 27.72
const d = 0.002
const NODES: [number, number, number][] = [
  [1, X - d, Y], [2, X, Y], [3, X + d, Y], [4, X, Y - d], [5, X, Y + d], [6, X + d / 2, Y - d / 2], [7, X + d / 2, Y + d / 2],
  [8, X - d, Y + d / 3], [9, X + d, Y + d / 3], [10, X - d, Y - d / 3], [11, X + d, Y - d / 3], [12, X - d, Y + d / 2], [13, X - d / 2, Y + d / 2],
]
const WAYS: [number, number[], Record<string, string>][] = [
  [101, [1, 2, 3], { highway: 'residential', name: '东街' }],
  [102, [4, 2, 5], { highway: 'residential', name: '南北街' }],
  [103, [6, 7], { highway: 'footway', bridge: 'yes' }],
  [104, [8, 9], { highway: 'motorway' }],
  [105, [10, 11], { highway: 'trunk', sidewalk: 'both' }],
  [106, [12, 13], { highway: 'path', foot: 'no' }],
  [107, [1, 4], { note: 'an outline' }],
  [108, [3, 99], { highway: 'service' }],
]

const xml = () =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n` +
  NODES.map(([id, lon, lat]) => `  <node id="${id}" lat="${lat}" lon="${lon}"/>`).join('\n') +
  '\n' +
  WAYS.map(([id, refs, tags]) => `  <way id="${id}">\n${refs.map((r) => `    <nd ref="${r}"/>`).join('\n')}\n${Object.entries(tags).map(([k, v]) => `    <tag k="${k}" v="${v}"/>`).join('\n')}\n  </way>`).join('\n') +
  '\n</osm>\n'

/** The same extract as PBF: a header blob, then one data blob of dense nodes and ways. */
function pbf(): Buffer {
  const require = createRequire(import.meta.url)
  const { file, osm } = require('osm-pbf-parser/lib/parsers.js') as { file: Record<string, { encode(m: unknown): Buffer }>; osm: Record<string, { encode(m: unknown): Buffer }> }
  const strings = ['']
  const sid = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1)
  const delta = (xs: number[]) => xs.map((x, i) => (i ? x - xs[i - 1] : x))
  const ways = WAYS.map(([id, refs, tags]) => ({ id, keys: Object.keys(tags).map(sid), vals: Object.values(tags).map(sid), refs: delta(refs) }))
  const dense = {
    id: delta(NODES.map((n) => n[0])),
    lat: delta(NODES.map((n) => Math.round(n[2] * 1e7))),
    lon: delta(NODES.map((n) => Math.round(n[1] * 1e7))),
    keys_vals: NODES.map(() => 0),
  }
  const block = osm.PrimitiveBlock.encode({ stringtable: { s: strings.map((s) => Buffer.from(s)) }, primitivegroup: [{ dense }, { ways }], granularity: 100 })
  const blob = (type: string, data: Buffer) => {
    const body = file.Blob.encode({ raw_size: data.length, zlib_data: zlib.deflateSync(data) })
    const header = file.BlobHeader.encode({ type, datasize: body.length })
    const size = Buffer.alloc(4)
    size.writeUInt32BE(header.length, 0)
    return Buffer.concat([size, header, body])
  }
  return Buffer.concat([blob('OSMHeader', osm.HeaderBlock.encode({ required_features: ['OsmSchema-V0.6', 'DenseNodes'] })), blob('OSMData', block)])
}

describe('OpenStreetMap extracts', () => {
  it('tells the formats by the file name', () => {
    expect(['a.osm', 'b.osm.pbf', 'c.PBF', 'd.geojson'].map(getOsmFormat)).toEqual(['xml', 'pbf', 'pbf', undefined])
  })

  it('reads the road and barrier ways of XML and PBF alike, leaving out the untagged and the incomplete', async () => {
    const fromXml = await readOsmWays(Buffer.from(xml()), 'xml')
    const fromPbf = await readOsmWays(pbf(), 'pbf')
    expect(fromXml).toMatchObject({ ways: 8, untagged: 1, missingNodes: 1 })
    expect(fromXml.features.map((f) => f.properties.osm_id)).toEqual(['way/101', 'way/102', 'way/103', 'way/104', 'way/105', 'way/106'])
    expect(fromXml.features[0].geometry.coordinates).toEqual([[X - d, Y], [X, Y], [X + d, Y]])
    expect(fromPbf.ways).toBe(8)
    expect(fromPbf.features.map((f) => f.properties)).toEqual(fromXml.features.map((f) => f.properties))
    fromPbf.features.forEach((f, i) => f.geometry.coordinates.forEach((c, k) => expect(c.map((v) => v.toFixed(7))).toEqual(fromXml.features[i].geometry.coordinates[k].map((v) => v.toFixed(7)))))
    await expect(readOsmWays(Buffer.from('<osm><node id="1" lat="27.7" lon="109.1"/>'), 'xml')).rejects.toThrow(/not OpenStreetMap XML/)
    await expect(readOsmWays(Buffer.from('<gpx><trk/></gpx>'), 'xml')).rejects.toThrow(/root element/)
    await expect(readOsmWays(Buffer.from('not a pbf at all'), 'pbf')).rejects.toThrow(/PBF/)
  })

  it('imports an extract: the streets joined at their shared node, the bridge over one apart, the unwalkable kept as barriers', async () => {
    const { features } = await readOsmWays(pbf(), 'pbf')
    const report = await importRoadsFeatures(db.sql, features)
    // Walked: the two streets (cut at node 2 into four edges), the footbridge and the trunk with a sidewalk;
    // the footbridge and the trunk touch nothing else (two pieces apart from the streets).
    expect(report).toMatchObject({ written: true, total: 6, lines: 8, walkable: 6, barriers: 2, edges: 6, islands: 2 })
    const junction = await db.sql<{ degree: number }[]>`
      SELECT (SELECT count(*)::int FROM roads r WHERE r.source = n.id OR r.target = n.id) AS degree FROM road_nodes n ORDER BY degree DESC LIMIT 1`
    expect(junction[0].degree).toBe(4)
    const rows = await db.sql<{ highway: string; walkable: boolean; bridge: boolean; tags: Record<string, string> }[]>`SELECT highway, walkable, bridge, tags FROM roads ORDER BY id`
    expect(rows.filter((r) => !r.walkable).map((r) => r.highway).sort()).toEqual(['motorway', 'path'])
    expect(rows.find((r) => r.bridge)?.tags.osm_id).toBe('way/103')
  })
})
