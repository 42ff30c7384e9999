// The core coverage functions against PostGIS on the demo data: the same unserved demand points
// (identical sets) at several radii and facility types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { findUnservedPoints } from '../../core/analysis/find-unserved-points.js'
import type { Db } from '../../server/db/client.js'
import { selectDemandPointFeatures, selectServicePointFeatures, selectUnservedDemandCodes } from '../../server/db/queries/coverage.js'
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
