// osm-pbf-parser ships no types: the one call server/import/read-osm.ts makes.
declare module 'osm-pbf-parser' {
  import type { Duplex } from 'node:stream'
  /** The whole pipeline: raw PBF bytes in, arrays of nodes, ways and relations out. */
  export default function parseOsmPbf(): Duplex
}
