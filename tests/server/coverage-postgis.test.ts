// The core coverage functions against PostGIS on the demo data: the same unserved demand points
// (identical sets) at several radii and facility types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeAreaCoverage } from '../../core/analysis/compute-area-coverage.js'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { findUnservedPoints } from '../../core/analysis/find-unserved-points.js'
import type { Db } from '../../server/db/client.js'
import {
  selectAreaFeatures,
  selectCoveredAreaByLevel,
  selectDemandPointFeatures,
  selectPopulationCoverageByLevel,
  selectServicePointFeatures,
  selectUnservedDemandCodes,
} from '../../server/db/queries/coverage.js'
import { connectTestDb } from './test-db.js'

let db: Db
beforeAll(async () => {
  db = await connectTestDb()
})
afterAll(() => db.close())

describe('unserved demand points, core/analysis against PostGIS', () => {
  const cases: { types?: string[]; radiusMeters: number }[] = [
    { radiusMeters: 1000 },
    { radiusMeters: 500 },
    { types: ['outdoor_worker_station'], radiusMeters: 1000 },
    { types: ['grid_service_station', 'party_service_center'], radiusMeters: 300 },
  ]

  it.each(cases)('are the same set for types $types at $radiusMeters m', async ({ types, radiusMeters }) => {
    const demand = await selectDemandPointFeatures(db.sql)
    const facilities = await selectServicePointFeatures(db.sql, types)
    expect(facilities.features.length).toBeGreaterThan(0)
    const ours = findUnservedPoints(createDemandIndex(demand), facilities, { radiusMeters }).features.map((f) => f.properties.code)
    const postgis = await selectUnservedDemandCodes(db.sql, { types, radiusMeters })
    expect(postgis.length).toBeGreaterThan(0)
    expect(postgis.length).toBeLessThan(demand.features.length)
    expect(ours).toEqual(postgis)
  })
})

describe('covered area per grid, core/analysis against PostGIS', () => {
  it.each([
    { types: undefined, radiusMeters: 1000 },
    { types: ['outdoor_worker_station'], radiusMeters: 500 },
  ])('is within 1 % of the grid for types $types at $radiusMeters m', async ({ types, radiusMeters }) => {
    const grids = await selectAreaFeatures(db.sql, 'grid')
    const facilities = await selectServicePointFeatures(db.sql, types)
    const ours = computeAreaCoverage(grids, facilities, { radiusMeters }).areas.features
    const postgis = await selectCoveredAreaByLevel(db.sql, { level: 'grid', types, radiusMeters })
    expect(ours.map((f) => f.properties.code)).toEqual(postgis.map((r) => r.code))
    const worst = { area: 0, covered: 0 }
    ours.forEach((f, i) => {
      const p = postgis[i]
      worst.area = Math.max(worst.area, Math.abs(f.properties.areaSqm - p.areaSqm) / p.areaSqm)
      worst.covered = Math.max(worst.covered, Math.abs(f.properties.coveredSqm - p.coveredSqm) / p.areaSqm)
    })
    expect(worst.area).toBeLessThan(0.01)
    expect(worst.covered).toBeLessThan(0.01)
    // Neither all covered nor all bare: the comparison says something.
    const shares = ours.map((f) => f.properties.coveredShare)
    expect(shares.some((s) => s === 1)).toBe(true)
    expect(shares.some((s) => s < 0.9)).toBe(true)
  })
})

describe('residents covered per area, core/analysis against PostGIS', () => {
  it.each([
    { level: 'grid', types: undefined, radiusMeters: 1000 },
    { level: 'community', types: ['courier_post'], radiusMeters: 500 },
    { level: 'street', types: undefined, radiusMeters: 300 },
  ])('are the same at the $level level for types $types at $radiusMeters m', async ({ level, types, radiusMeters }) => {
    const [areas, demand, facilities] = await Promise.all([selectAreaFeatures(db.sql), selectDemandPointFeatures(db.sql), selectServicePointFeatures(db.sql, types)])
    const ours = computeCoverage({ areas, demand, facilities }, { radiusMeters, level })
    const postgis = await selectPopulationCoverageByLevel(db.sql, { level, types, radiusMeters })
    const populated = ours.areas.features.filter((f) => f.properties.population > 0)
    expect(populated.map((f) => [f.properties.code, f.properties.population, f.properties.populationCovered])).toEqual(
      postgis.map((r) => [r.code, r.population, r.populationCovered]),
    )
    const unserved = await selectUnservedDemandCodes(db.sql, { types, radiusMeters })
    expect(ours.summary.unservedPoints).toBe(unserved.length)
    expect(ours.summary.population).toBe(demand.features.reduce((n, f) => n + f.properties.population, 0))
    expect(ours.summary.populationCoveredPct).toBeGreaterThan(0)
    expect(ours.summary.populationCoveredPct).toBeLessThan(100)
  })
})
