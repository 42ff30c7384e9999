// SQL of the import pipeline: stage features in a temporary table, let PostGIS check and
// repair geometry and references, then upsert by code. Runs inside the caller's transaction.
import type { Geometry } from 'geojson'
import type { FacilityType } from '../../../core/domain/facilities.js'
import type { Sql, Tx } from '../client.js'
export type StagedKind = 'areas' | 'facilities' | 'demand'

export interface StagedRow {
  idx: number
  code: string
  props: Record<string, unknown>
  geom: Geometry
}

export interface RowIssue {
  index: number
  code: string
  reason: string
}

export interface UpsertCounts {
  inserted: number
  updated: number
}

/** Drops the staging table, so another import can follow in the same transaction. */
export async function dropStaging(tx: Tx): Promise<void> {
  await tx`DROP TABLE IF EXISTS import_staging`
}

/** Creates the staging table (dropped at commit or rollback at the latest). */
export async function createStaging(tx: Tx): Promise<void> {
  await tx`CREATE TEMP TABLE import_staging (
    idx integer PRIMARY KEY,
    code text NOT NULL,
    props jsonb NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL
  ) ON COMMIT DROP`
}

/** Adds one chunk of features to the staging table. */
export async function stageRows(tx: Tx, rows: StagedRow[]): Promise<void> {
  const payload = rows.map((r) => ({ idx: r.idx, code: r.code, props: r.props, geom: r.geom }))
  await tx`INSERT INTO import_staging (idx, code, props, geom)
    SELECT (e->>'idx')::integer, e->>'code', e->'props', ST_SetSRID(ST_GeomFromGeoJSON(e->'geom'), 4326)
    FROM jsonb_array_elements(${tx.json(payload as never)}::jsonb) AS e`
}

/** Repairs invalid polygons with ST_MakeValid; returns what was repaired and what could not be. */
export async function repairPolygons(tx: Tx): Promise<{ repaired: RowIssue[]; unusable: RowIssue[] }> {
  const invalid = await tx<{ idx: number; code: string; reason: string }[]>`
    SELECT idx, code, ST_IsValidReason(geom) AS reason FROM import_staging WHERE NOT ST_IsValid(geom) ORDER BY idx`
  await tx`UPDATE import_staging SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
    WHERE NOT ST_IsValid(geom)`
  await tx`UPDATE import_staging SET geom = ST_Multi(geom) WHERE GeometryType(geom) = 'POLYGON'`
  const unusable = await tx<{ idx: number; code: string }[]>`
    SELECT idx, code FROM import_staging
    WHERE ST_IsEmpty(geom) OR GeometryType(geom) <> 'MULTIPOLYGON' OR NOT ST_IsValid(geom) OR ST_Area(geom) = 0
    ORDER BY idx`
  const unusableSet = new Set(unusable.map((u) => u.idx))
  return {
    repaired: invalid
      .filter((r) => !unusableSet.has(r.idx))
      .map((r) => ({ index: r.idx, code: r.code, reason: `repaired with ST_MakeValid: ${r.reason}` })),
    unusable: unusable.map((u) => ({
      index: u.idx,
      code: u.code,
      reason: 'polygon has no area left after repair (ST_MakeValid gave no polygon)',
    })),
  }
}

/** References that point nowhere or upwards the wrong way. */
export async function findBadReferences(tx: Tx, kind: StagedKind): Promise<RowIssue[]> {
  if (kind === 'areas') {
    const rows = await tx<RowIssue[]>`
      WITH staged AS (
        SELECT idx, code, props->>'level' AS level, props->>'parent_code' AS parent_code FROM import_staging
      ), known AS (
        SELECT code, level FROM staged
        UNION ALL SELECT code, level FROM areas WHERE code NOT IN (SELECT code FROM staged)
      )
      SELECT s.idx AS index, s.code,
        CASE WHEN k.code IS NULL THEN 'parent_code ' || s.parent_code || ' is neither in the file nor in the database'
             ELSE 'parent ' || s.parent_code || ' is a ' || k.level || ', not above a ' || s.level END AS reason
      FROM staged s LEFT JOIN known k ON k.code = s.parent_code
      WHERE s.parent_code IS NOT NULL
        AND (k.code IS NULL OR array_position(${LEVELS}::text[], k.level) >= array_position(${LEVELS}::text[], s.level))
      ORDER BY s.idx`
    return rows
  }
  const typeCheck =
    kind === 'facilities'
      ? tx`SELECT idx AS index, code, 'type ' || (props->>'type') || ' is not a known facility type' AS reason
           FROM import_staging s WHERE NOT EXISTS (SELECT 1 FROM facility_types t WHERE t.code = s.props->>'type')`
      : tx`SELECT NULL::integer AS index, NULL AS code, NULL AS reason WHERE false`
  const [types, areaRefs] = await Promise.all([
    typeCheck,
    tx<RowIssue[]>`SELECT idx AS index, code, 'area_code ' || (props->>'area_code') || ' is not a known area' AS reason
      FROM import_staging s
      WHERE s.props->>'area_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = s.props->>'area_code')`,
  ])
  return [...(types as unknown as RowIssue[]), ...areaRefs].sort((a, b) => a.index - b.index)
}

const LEVELS = ['district', 'street', 'community', 'grid', 'micro']

/** Upserts the staged areas by code. */
export async function upsertAreas(tx: Tx): Promise<UpsertCounts> {
  const rows = await tx<{ inserted: boolean }[]>`
    INSERT INTO areas (code, name, name_en, level, kind, parent_code, population, households,
                       leader_name, leader_phone, synthetic, geom)
    SELECT code, props->>'name', props->>'name_en', props->>'level', coalesce(props->>'kind', 'comprehensive'),
           props->>'parent_code', (props->>'population')::integer, (props->>'households')::integer,
           props->>'leader_name', props->>'leader_phone', coalesce((props->>'synthetic')::boolean, false), geom
    FROM import_staging ORDER BY idx
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, name_en = EXCLUDED.name_en, level = EXCLUDED.level, kind = EXCLUDED.kind,
      parent_code = EXCLUDED.parent_code, population = EXCLUDED.population, households = EXCLUDED.households,
      leader_name = EXCLUDED.leader_name, leader_phone = EXCLUDED.leader_phone, synthetic = EXCLUDED.synthetic,
      geom = EXCLUDED.geom, updated_at = now()
    RETURNING (xmax = 0) AS inserted`
  return countUpserts(rows)
}

/** Fills in area_code, where the file left it out, with the lowest area containing the point. */
export async function assignLowestAreas(tx: Tx): Promise<void> {
  await tx`WITH found AS (
      SELECT s.idx, (
        SELECT a.code FROM areas a WHERE ST_Covers(a.geom, s.geom)
        ORDER BY a.depth DESC, (a.kind = 'comprehensive') DESC, a.code LIMIT 1
      ) AS code
      FROM import_staging s WHERE s.props->>'area_code' IS NULL
    )
    UPDATE import_staging t SET props = jsonb_set(t.props, '{area_code}', to_jsonb(found.code))
    FROM found WHERE t.idx = found.idx AND found.code IS NOT NULL`
}

/** Upserts the staged facilities by code. */
export async function upsertFacilities(tx: Tx): Promise<UpsertCounts> {
  const rows = await tx<{ inserted: boolean }[]>`
    INSERT INTO facilities (code, name, name_en, type_code, address, opening_hours, services, area_code, synthetic, geom)
    SELECT code, props->>'name', props->>'name_en', props->>'type', props->>'address', props->>'opening_hours',
           ARRAY(SELECT jsonb_array_elements_text(coalesce(props->'services', '[]'::jsonb))),
           props->>'area_code', coalesce((props->>'synthetic')::boolean, false), geom
    FROM import_staging ORDER BY idx
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, name_en = EXCLUDED.name_en, type_code = EXCLUDED.type_code, address = EXCLUDED.address,
      opening_hours = EXCLUDED.opening_hours, services = EXCLUDED.services, area_code = EXCLUDED.area_code,
      synthetic = EXCLUDED.synthetic, geom = EXCLUDED.geom, updated_at = now()
    RETURNING (xmax = 0) AS inserted`
  return countUpserts(rows)
}

/** Upserts the staged demand points by code. */
export async function upsertDemandPoints(tx: Tx): Promise<UpsertCounts> {
  const rows = await tx<{ inserted: boolean }[]>`
    INSERT INTO demand_points (code, name, population, households, area_code, synthetic, geom)
    SELECT code, props->>'name', (props->>'population')::integer, (props->>'households')::integer,
           props->>'area_code', coalesce((props->>'synthetic')::boolean, false), geom
    FROM import_staging ORDER BY idx
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, population = EXCLUDED.population, households = EXCLUDED.households,
      area_code = EXCLUDED.area_code, synthetic = EXCLUDED.synthetic, geom = EXCLUDED.geom, updated_at = now()
    RETURNING (xmax = 0) AS inserted`
  return countUpserts(rows)
}

function countUpserts(rows: { inserted: boolean }[]): UpsertCounts {
  const inserted = rows.filter((r) => r.inserted).length
  return { inserted, updated: rows.length - inserted }
}

/** Upserts the facility-type taxonomy. */
export async function upsertFacilityTypes(sql: Sql | Tx, types: FacilityType[]): Promise<number> {
  if (types.length === 0) return 0
  const rows = await sql`
    INSERT INTO facility_types ${sql(types, 'code', 'name', 'name_en', 'icon', 'color', 'sort_order')}
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, icon = EXCLUDED.icon,
      color = EXCLUDED.color, sort_order = EXCLUDED.sort_order
    RETURNING code`
  return rows.length
}
