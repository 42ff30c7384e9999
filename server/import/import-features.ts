// The import pipeline: validate every feature, convert coordinates, stage in PostGIS,
// repair polygons, check references, and upsert by code — all or nothing, in one transaction.
import type { InputCrs } from '../../core/domain/coordinates.js'
import type { Sql, Tx } from '../db/client.js'
import * as q from '../db/queries/import.js'
import { parseGeoJsonText, validateFeatures, type ImportKind, type Rejection } from './validate-features.js'

export interface ImportReport {
  kind: ImportKind
  total: number
  inserted: number
  updated: number
  /** Polygons repaired with ST_MakeValid, each with its index and what was wrong. */
  repaired: Rejection[]
  /** Features that cannot be used; any rejection means nothing was written. */
  rejected: Rejection[]
  written: boolean
}

export interface ImportOptions {
  crs?: InputCrs
  /** Called as staging advances (features staged so far, total). */
  onProgress?: (done: number, total: number) => void
  chunkSize?: number
}

/** Thrown inside the transaction when any feature is rejected; carries the report. */
export class RejectedImport extends Error {
  constructor(readonly report: ImportReport) {
    super('import rejected')
  }
}

/** Imports the text of a GeoJSON file. */
export async function importGeoJsonText(sql: Sql, kind: ImportKind, text: string, options: ImportOptions = {}) {
  const parsed = parseGeoJsonText(text)
  if ('reason' in parsed) {
    return emptyReport(kind, 0, [parsed])
  }
  return importFeatures(sql, kind, parsed.features, options)
}

/** Imports already-parsed GeoJSON features of one kind, in a transaction of its own. */
export async function importFeatures(
  sql: Sql,
  kind: ImportKind,
  features: unknown[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  try {
    return await sql.begin((tx) => importFeaturesInTransaction(tx, kind, features, options))
  } catch (err) {
    if (err instanceof RejectedImport) return err.report
    throw err
  }
}

/**
 * Imports features inside the caller's transaction, so several files can land together
 * (the demo seed). Throws RejectedImport, which rolls the caller back, when anything is rejected.
 */
export async function importFeaturesInTransaction(
  tx: Tx,
  kind: ImportKind,
  features: unknown[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const { features: valid, rejections } = validateFeatures(kind, features, options.crs ?? 'wgs84')
  const chunkSize = options.chunkSize ?? 2000
  await q.createStaging(tx)
  for (let i = 0; i < valid.length; i += chunkSize) {
    const chunk = valid.slice(i, i + chunkSize)
    await q.stageRows(
      tx,
      chunk.map((f) => ({ idx: f.index, code: f.properties.code, props: f.properties, geom: f.geometry })),
    )
    options.onProgress?.(Math.min(i + chunkSize, valid.length), valid.length)
  }
  const report = emptyReport(kind, features.length, [...rejections])
  if (kind === 'areas') {
    const { repaired, unusable } = await q.repairPolygons(tx)
    report.repaired = repaired
    report.rejected.push(...unusable)
  } else {
    await q.assignLowestAreas(tx)
  }
  report.rejected.push(...(await q.findBadReferences(tx, kind)))
  if (report.rejected.length > 0) {
    report.rejected.sort((a, b) => a.index - b.index)
    throw new RejectedImport(report)
  }
  const counts =
    kind === 'areas' ? await q.upsertAreas(tx) : kind === 'facilities' ? await q.upsertFacilities(tx) : await q.upsertDemandPoints(tx)
  await q.dropStaging(tx)
  return { ...report, ...counts, written: true }
}

function emptyReport(kind: ImportKind, total: number, rejected: Rejection[]): ImportReport {
  return { kind, total, inserted: 0, updated: 0, repaired: [], rejected, written: false }
}

/** One line per repair and rejection, then a summary: what the CLI prints. */
export function formatImportReport(report: ImportReport, most = MAX_REPORTED): string {
  const lines: string[] = []
  const where = (r: Rejection) => (r.index < 0 ? 'file' : `feature ${r.index}${r.code ? ` (${escapeControls(r.code)})` : ''}`)
  const list = (label: string, items: Rejection[]) => {
    for (const r of items.slice(0, most)) lines.push(`${label}  ${where(r)}: ${escapeControls(r.reason)}`)
    if (items.length > most) lines.push(`${label}  … and ${items.length - most} more`)
  }
  list('repaired', report.repaired)
  list('rejected', report.rejected)
  lines.push(
    report.written
      ? `${report.kind}: ${report.total} features, ${report.inserted} inserted, ${report.updated} updated, ${report.repaired.length} repaired`
      : `${report.kind}: ${report.total} features, ${report.rejected.length} rejected — nothing was written`,
  )
  return lines.join('\n')
}

/** Problems printed of each kind before "… and N more": a file of a million bad features prints 21 lines, not 48 MB. */
export const MAX_REPORTED = 20

/** Control characters of a file's text shown as escapes (\u001b…), never sent raw to the terminal. */
export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
