// Seeds the committed Bijiang demo dataset (geodata/) through the same import pipeline
// as any file; idempotent, since every row is upserted by code.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { facilityTypeSchema } from '../../core/domain/facilities.js'
import type { Sql } from '../db/client.js'
import { upsertFacilityTypes } from '../db/queries/import.js'
import { countRows } from '../db/queries/health.js'
import { formatImportReport, importFeaturesInTransaction, RejectedImport, type ImportReport } from './import-features.js'
import { parseGeoJsonText, type ImportKind } from './validate-features.js'
import { formatRoadsReport, importRoadsInTransaction } from './import-roads.js'

export const GEODATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../geodata')

const FILES: [ImportKind, string][] = [
  ['areas', 'areas.geojson'],
  ['facilities', 'facilities.geojson'],
  ['demand', 'demand-points.geojson'],
]

export interface SeedOptions {
  dir?: string
  /** Seed even when the database already holds areas. */
  force?: boolean
  onProgress?: (message: string) => void
  onStageProgress?: (kind: ImportKind, done: number, total: number) => void
}

/**
 * Seeds the demo data if the database holds no areas (or always, with force); returns the
 * reports, or null when there was nothing to do. All files land in one transaction, so an
 * interrupted first start leaves an empty database that the next start seeds again.
 */
export async function seedDemo(sql: Sql, options: SeedOptions = {}): Promise<ImportReport[] | null> {
  const dir = options.dir ?? GEODATA_DIR
  if (!options.force) {
    const counts = await countRows(sql)
    if (counts.areas > 0) return null
  }
  const types = z.array(facilityTypeSchema).parse(JSON.parse(fs.readFileSync(path.join(dir, 'facility-types.json'), 'utf8')))
  const texts = FILES.map(([kind, file]) => ({ kind, file, parsed: parseGeoJsonText(fs.readFileSync(path.join(dir, file), 'utf8')) }))
  try {
    return await sql.begin(async (tx) => {
      await upsertFacilityTypes(tx, types)
      options.onProgress?.(`facility types: ${types.length}`)
      const reports: ImportReport[] = []
      for (const { kind, file, parsed } of texts) {
        if ('reason' in parsed) throw new Error(`demo data ${file} is not usable: ${parsed.reason}`)
        const report = await importFeaturesInTransaction(tx, kind, parsed.features, {
          onProgress: (done, total) => options.onStageProgress?.(kind, done, total),
        })
        options.onProgress?.(formatImportReport(report))
        reports.push(report)
      }
      // The walking network, where the dataset has one (an older copy of the demo may not).
      const roads = path.join(dir, 'roads.geojson')
      if (fs.existsSync(roads)) {
        const parsed = parseGeoJsonText(fs.readFileSync(roads, 'utf8'))
        if ('reason' in parsed) throw new Error(`demo data roads.geojson is not usable: ${parsed.reason}`)
        const report = await importRoadsInTransaction(tx, parsed.features)
        if (!report.written) throw new Error(`demo data (roads) did not import; nothing was written:\n${formatRoadsReport(report)}`)
        options.onProgress?.(formatRoadsReport(report))
      }
      return reports
    })
  } catch (err) {
    if (err instanceof RejectedImport) {
      throw new Error(`demo data (${err.report.kind}) did not import; nothing was written:\n${formatImportReport(err.report)}`)
    }
    throw err
  }
}
