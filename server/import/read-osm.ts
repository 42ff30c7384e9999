// OpenStreetMap extracts as road lines for the roads import (import-roads.ts): `.osm` XML read with
// `sax` (streaming, so a city's extract never becomes one DOM) and `.osm.pbf` with `osm-pbf-parser`
// (the format Geofabrik and osmium write: blobs of dense nodes and ways). Every way tagged `highway`
// or `barrier` becomes a LineString with its tags, its nodes' positions in order; the walkable ways
// are chosen, clipped and cut at their junctions by the import as for GeoJSON (ways share the nodes
// where they meet, so the cut is at the real junctions; a bridge's way shares none with the street
// below it). Relations and untagged ways are left out.
import { Readable } from 'node:stream'
import type { Feature, LineString } from 'geojson'
import sax from 'sax'
import parseOsmPbf from 'osm-pbf-parser'

export interface OsmWays {
  features: Feature<LineString, Record<string, string>>[]
  /** Ways read in all, and those left out: without a road or barrier tag, or with a node the file does not hold. */
  ways: number
  untagged: number
  missingNodes: number
}

/** The kind of an extract by its name: `.osm` XML or `.osm.pbf`; undefined for anything else. */
export function getOsmFormat(file: string): 'xml' | 'pbf' | undefined {
  if (/\.osm\.pbf$|\.pbf$/i.test(file)) return 'pbf'
  if (/\.osm$/i.test(file)) return 'xml'
  return undefined
}

interface Way {
  refs: number[]
  tags: Record<string, string>
}

/** The road and barrier ways of an extract as GeoJSON features (OSM `way/ID` kept as `osm_id`). */
export async function readOsmWays(data: Buffer, format: 'xml' | 'pbf'): Promise<OsmWays> {
  const nodes = new Map<number, [number, number]>()
  const ways = new Map<number, Way>()
  if (format === 'xml') await readXml(data, nodes, ways)
  else await readPbf(data, nodes, ways)
  const out: OsmWays = { features: [], ways: ways.size, untagged: 0, missingNodes: 0 }
  for (const [id, way] of ways) {
    if (!way.tags.highway && !way.tags.barrier) {
      out.untagged++
      continue
    }
    const coordinates = way.refs.map((r) => nodes.get(r))
    if (coordinates.some((c) => !c) || coordinates.length < 2) {
      out.missingNodes++
      continue
    }
    out.features.push({ type: 'Feature', properties: { ...way.tags, osm_id: `way/${id}` }, geometry: { type: 'LineString', coordinates: coordinates as [number, number][] } })
  }
  return out
}

function readXml(data: Buffer, nodes: Map<number, [number, number]>, ways: Map<number, Way>): Promise<void> {
  return new Promise((resolve, reject) => {
    const parser = sax.parser(true, { trim: true })
    let way: (Way & { id: number }) | undefined
    let ended = false
    let depth = 0
    parser.onopentag = (tag) => {
      const a = tag.attributes as Record<string, string>
      if (depth++ === 0 && tag.name !== 'osm') reject(new Error(`not OpenStreetMap XML: the root element is <${tag.name}>, not <osm>`))
      if (tag.name === 'node') {
        const [lon, lat] = [Number(a.lon), Number(a.lat)]
        if (Number.isFinite(lon) && Number.isFinite(lat)) nodes.set(Number(a.id), [lon, lat])
      } else if (tag.name === 'way') {
        way = { id: Number(a.id), refs: [], tags: {} }
      } else if (way && tag.name === 'nd') {
        way.refs.push(Number(a.ref))
      } else if (way && tag.name === 'tag') {
        way.tags[a.k] = a.v
      }
    }
    parser.onclosetag = (name) => {
      depth--
      if (name === 'osm' && depth === 0) ended = true
      if (name === 'way' && way) {
        ways.set(way.id, { refs: way.refs, tags: way.tags })
        way = undefined
      }
    }
    parser.onerror = (err) => reject(new Error(`not OpenStreetMap XML: ${err.message.split('\n')[0]}`))
    parser.onend = () => (ended ? resolve() : reject(new Error('not OpenStreetMap XML: the file ends before </osm> (cut short?)')))
    parser.write(data.toString('utf8')).close()
  })
}

function readPbf(data: Buffer, nodes: Map<number, [number, number]>, ways: Map<number, Way>): Promise<void> {
  // A PBF extract opens with the length of its first blob's header, then that header naming an OSMHeader blob.
  const headerLength = data.length >= 4 ? data.readUInt32BE(0) : 0
  if (headerLength === 0 || headerLength > 64 * 1024 || !data.subarray(4, 4 + headerLength).includes('OSMHeader')) {
    return Promise.reject(new Error('not an OpenStreetMap PBF extract: it does not open with an OSMHeader blob'))
  }
  return new Promise((resolve, reject) => {
    const parser = parseOsmPbf()
    parser.on('data', (items: { type: string; id: number; lat?: number; lon?: number; refs?: number[]; tags?: Record<string, string> }[]) => {
      for (const item of items) {
        if (item.type === 'node') nodes.set(item.id, [item.lon!, item.lat!])
        else if (item.type === 'way') ways.set(item.id, { refs: item.refs ?? [], tags: item.tags ?? {} })
      }
    })
    parser.on('end', () => resolve())
    parser.on('error', (err: Error) => reject(new Error(`not an OpenStreetMap PBF extract: ${err.message}`)))
    Readable.from([data]).pipe(parser).on('error', (err: Error) => reject(new Error(`not an OpenStreetMap PBF extract: ${err.message}`)))
  })
}
