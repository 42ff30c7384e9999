// An issues row as every client sees it (IssueSummary), with its due time from the settings.
import { getDeadline, type Stage } from '../../core/domain/issue-lifecycle.js'
import type { TriageColour } from '../../core/domain/triage.js'
import type { IssueSummary } from '../../core/wire/issues.js'
import type { IssueRow, IssueSummaryRow } from '../db/queries/issues.js'

export type TimeLimits = Record<TriageColour, Record<Stage, number>>

/** Builds the summary of a stored row. */
export function toIssueSummary(row: IssueSummaryRow, limits: TimeLimits): IssueSummary {
  const due = getDeadline({ status: row.status, colour: row.colour, stageStartedAt: row.stage_started_at }, limits)
  return {
    id: row.id,
    code: row.code,
    seq: Number(row.seq),
    status: row.status,
    colour: row.colour,
    category: row.category,
    importance: row.importance,
    urgency: row.urgency,
    description: row.description,
    address: row.address,
    source: row.source,
    areaCode: row.area_code,
    gridCode: row.grid_code,
    communityCode: row.community_code,
    streetCode: row.street_code,
    districtCode: row.district_code,
    outOfArea: row.out_of_area,
    lon: row.lon,
    lat: row.lat,
    raw: { lon: row.raw_lon, lat: row.raw_lat, crs: row.raw_crs },
    reporter: row.reporter,
    assignee: row.assignee,
    department: row.department,
    rating: row.rating,
    possibleDuplicateOf: row.possible_duplicate_of,
    duplicateOf: row.duplicate_of,
    photoCount: row.photo_count,
    reportedAt: row.reported_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stageStartedAt: row.stage_started_at.toISOString(),
    dueAt: due ? due.toISOString() : null,
    ...(row.blocks_passage ? { blocksPassage: true as const } : {}),
  }
}

/** Scope fields of a row, for core/domain/issue-scope.ts. */
export function getRowScope(row: IssueRow) {
  return {
    gridCode: row.grid_code,
    communityCode: row.community_code,
    streetCode: row.street_code,
    districtCode: row.district_code,
    reporter: row.reporter,
    assignee: row.assignee,
  }
}
