// `npm run import -- FILE --kind areas|facilities|demand|roads [--crs wgs84|gcj02|bd09]` (roads also from `.osm` / `.osm.pbf`)
import fs from 'node:fs'
import { INPUT_CRS, type InputCrs } from '../core/domain/coordinates.js'
import { escapeControls, formatImportReport, importGeoJsonText } from '../server/import/import-features.js'
import { formatRoadsReport, importRoadsFeatures, importRoadsText } from '../server/import/import-roads.js'
import { getOsmFormat, readOsmWays } from '../server/import/read-osm.js'
import { IMPORT_KINDS, type ImportKind } from '../server/import/validate-features.js'
import { createProgressBar, openConfiguredDb, parseCli } from './lib/cli.js'

/** The largest file read (the Tongren-scale demand points are 38 MB). */
const MAX_FILE_BYTES = 512 * 1024 * 1024

const usage = `Usage: npm run import -- FILE --kind areas|facilities|demand|roads [--crs wgs84|gcj02|bd09]

Imports a GeoJSON FeatureCollection into the database (DATABASE_URL, or the embedded one in DATA_DIR).
Every feature is validated (properties, geometry type, coordinate ranges); coordinates in GCJ-02 or BD-09
are converted to WGS-84 with gcoord; invalid polygons are repaired with ST_MakeValid and reported.
If any feature is rejected, nothing is written. Rows are upserted by code.
Roads (LineStrings whose properties are OpenStreetMap tags: highway, foot, access, sidewalk, bridge,
tunnel, barrier, name) replace the whole walking network: cut to the district, the walked lines joined
where they share a vertex, the rest kept as barriers; the report gives dead ends, lines drawn twice and
pieces cut off from the network. Roads also come from an OpenStreetMap extract: a FILE named .osm (XML)
or .osm.pbf (as Geofabrik and osmium write it), its ways tagged highway or barrier (WGS-84; --crs is
refused for it).
Stop a running server first when it uses the same embedded DATA_DIR.

Options:
  --kind KIND   areas | facilities | demand | roads (required)
  --crs CRS     wgs84 (default) | gcj02 | bd09
  --help        this text

Exit codes: 0 written, 1 rejected or failed, 2 bad usage.`

const { values, positionals } = parseCli(usage, { kind: { type: 'string' }, crs: { type: 'string', default: 'wgs84' } }, true)
const [file] = positionals
if (!file || positionals.length > 1) fail('expected exactly one FILE')
const KINDS = [...IMPORT_KINDS, 'roads']
if (!KINDS.includes(values.kind as string)) fail(`--kind must be one of ${KINDS.join(', ')}`)
if (!INPUT_CRS.includes(values.crs as InputCrs)) fail(`--crs must be one of ${INPUT_CRS.join(', ')}`)
if (!fs.existsSync(file)) fail(`no such file: ${file}`)
const stat = fs.statSync(file)
if (!stat.isFile()) fail(`not a file: ${file}`)
if (stat.size > MAX_FILE_BYTES) fail(`${file} is ${Math.round(stat.size / 1024 / 1024)} MB: at most ${MAX_FILE_BYTES / 1024 / 1024} MB per file (split it by area)`)

const osm = values.kind === 'roads' ? getOsmFormat(file) : undefined
if (osm && values.crs !== 'wgs84') fail('--crs: an OpenStreetMap extract is WGS-84')
const text = osm ? '' : fs.readFileSync(file, 'utf8')
let db: Awaited<ReturnType<typeof openConfiguredDb>>
try {
  db = await openConfiguredDb()
} catch (err) {
  // One line, no stack: a database in use by a running server is the common case.
  console.error(`import failed, nothing written: ${(err as Error).message.split('\n')[0]}`)
  process.exit(1)
}
const bar = createProgressBar(`staging ${values.kind}`)
try {
  if (osm) {
    const ways = await readOsmWays(fs.readFileSync(file), osm)
    console.log(`OpenStreetMap ${osm}: ${ways.ways.toLocaleString('en')} ways, ${ways.features.length.toLocaleString('en')} roads and barriers read, ${ways.untagged.toLocaleString('en')} without a highway or barrier tag left out, ${ways.missingNodes.toLocaleString('en')} with a node the extract does not hold left out`)
    const report = await importRoadsFeatures(db.sql, ways.features)
    console.log(formatRoadsReport(report))
    process.exitCode = report.written ? 0 : 1
  } else if (values.kind === 'roads') {
    const report = await importRoadsText(db.sql, text, { crs: values.crs as InputCrs })
    console.log(formatRoadsReport(report))
    process.exitCode = report.written ? 0 : 1
  } else {
    const report = await importGeoJsonText(db.sql, values.kind as ImportKind, text, {
      crs: values.crs as InputCrs,
      onProgress: (done, total) => bar.update(done, total),
    })
    bar.stop()
    console.log(formatImportReport(report))
    process.exitCode = report.written ? 0 : 1
  }
} catch (err) {
  bar.stop()
  console.error(`import failed, nothing written: ${escapeControls((err as Error).message.split('\n')[0])}`)
  process.exitCode = 1
} finally {
  await db.close()
}

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}
