// The demo generator's rules, alone: grid and community counts shared out by population within
// their bounds, residents scaled to the district's total, the real streets and communities read
// from the division list — and the whole generator, run again, writes the committed demo byte for
// byte (the same seed gives the same files); its walking network holds together and teaches what
// it should: the river crossed only at bridges, the expressway only at underpasses, each walled
// compound entered at one gate.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { allocate, householdsOf, scalePopulation, sumBy } from '../../scripts/demo/allocate.js'
import type { Divisions } from '../../scripts/demo/config.js'
import { readStreets } from '../../scripts/demo/streets.js'
import { buildWalkNetwork } from '../../core/analysis/build-walk-network.js'
import booleanIntersects from '@turf/boolean-intersects'
import type { Feature, LineString, Polygon } from 'geojson'

const DIVISIONS = 'geodata/sources/nbs2023_520602_bijiang_divisions.json'

describe('allocate', () => {
  it('shares the total out in proportion, the largest remainders first', () => {
    expect(allocate(10, [1, 1, 2], [0, 0, 0], [99, 99, 99])).toEqual([3, 2, 5])
    expect(allocate(7, [5, 3, 2], [0, 0, 0], [99, 99, 99]).reduce((a, b) => a + b)).toBe(7)
  })

  it('keeps every share within its bounds, the rest going to the others', () => {
    const out = allocate(350, [900, 10, 10, 80], [6, 6, 6, 6], [10, 10, 10, 400])
    expect(out.reduce((a, b) => a + b)).toBe(350)
    // The heaviest is held at its maximum; what it cannot take goes by weight per unit held.
    expect(out).toEqual([10, 10, 10, 320])
    const bounded = allocate(20, [1, 1, 1, 1], [6, 1, 1, 1], [6, 9, 9, 9])
    expect(bounded[0]).toBe(6)
    expect(bounded.reduce((a, b) => a + b)).toBe(20)
    for (const n of bounded.slice(1)) expect(n).toBeGreaterThanOrEqual(4)
  })

  it('stops at the bounds when the total cannot be reached', () => {
    expect(allocate(100, [1, 1], [1, 1], [10, 10])).toEqual([10, 10])
  })
})

describe('scalePopulation', () => {
  it('comes to the total within rounding, with at least two people in every building', () => {
    const weights = Float64Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 97))
    const out = scalePopulation(weights, 350_000)
    const sum = out.reduce((a, b) => a + b, 0)
    expect(Math.abs(sum - 350_000)).toBeLessThanOrEqual(500)
    expect(Math.min(...out)).toBeGreaterThanOrEqual(2)
    const tiny = scalePopulation([0.001, 1000], 100)
    expect([...tiny]).toEqual([2, 100])
  })
})

describe('population totals', () => {
  it('adds each level up from the one below, so the district is the sum of its buildings', () => {
    // Six buildings in three grids (one outside every grid), two communities, one street.
    const population = [10, 20, 30, 40, 50, 60]
    const gridOf = [0, 0, 1, 2, 2, -1]
    const communityOfGrid = [0, 0, 1]
    const grids = sumBy(population.length, (i) => gridOf[i], 3, (i) => population[i])
    expect(grids).toEqual([30, 30, 90])
    const communities = sumBy(grids.length, (g) => communityOfGrid[g], 2, (g) => grids[g])
    expect(communities).toEqual([60, 90])
    const street = sumBy(communities.length, () => 0, 1, (c) => communities[c])
    expect(street).toEqual([150])
    expect(street[0]).toBe(population.reduce((a, b) => a + b) - 60)
  })

  it('counts a household per 2.6 residents, at least one', () => {
    expect([1, 2, 3, 13, 26, 100].map(householdsOf)).toEqual([1, 1, 1, 5, 10, 38])
  })
})

describe('readStreets', () => {
  const divisions = JSON.parse(fs.readFileSync(DIVISIONS, 'utf8')) as Divisions

  it("reads Bijiang's seven streets with their real communities and codes", () => {
    const streets = readStreets(divisions, DIVISIONS)
    expect(streets.map((s) => s.name)).toContain('锦江街道')
    expect(streets).toHaveLength(7)
    for (const s of streets) {
      expect(s.code).toMatch(/^520602\d{3}$/)
      expect(s.name_en).toMatch(/ Subdistrict$/)
      expect(s.realCommunities.length).toBeGreaterThan(0)
      for (const c of s.realCommunities) expect(c.code.startsWith(s.code)).toBe(true)
    }
  })

  it('refuses another county, and a list without the seven streets', () => {
    expect(() => readStreets({ ...divisions, county: { code: '520603', name: '万山区' } }, 'x.json')).toThrow(/not Bijiang/)
    expect(() => readStreets({ ...divisions, townships: divisions.townships.slice(0, 3) }, 'x.json')).toThrow(/expected 7 streets/)
  })
})

describe('generate-demo', () => {
  it('writes the committed demo dataset again, byte for byte', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-demo-'))
    try {
      const run = spawnSync('npx', ['tsx', 'scripts/generate-demo.ts', '--out', out], { encoding: 'utf8', timeout: 120_000 })
      expect(run.status, run.stderr).toBe(0)
      for (const file of ['areas.geojson', 'facilities.geojson', 'demand-points.geojson', 'facility-types.json', 'basemap.geojson', 'roads.geojson']) {
        expect(fs.readFileSync(path.join(out, file)).equals(fs.readFileSync(path.join('geodata', file))), file).toBe(true)
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true })
    }
  })
})

describe('the demo walking network', () => {
  const roads = JSON.parse(fs.readFileSync('geodata/roads.geojson', 'utf8')).features as Feature<LineString, Record<string, string>>[]
  const walkable = roads.filter((f) => f.properties.highway !== 'motorway' && !f.properties.barrier)

  it('is one network: every street, lane, bridge and gate reaches every other', () => {
    const net = buildWalkNetwork(walkable)
    const seen = new Uint8Array(net.nodeCount)
    const stack = [0]
    seen[0] = 1
    while (stack.length) {
      const n = stack.pop()!
      for (let k = net.offsets[n]; k < net.offsets[n + 1]; k++) if (!seen[net.adjacentNode[k]]) ((seen[net.adjacentNode[k]] = 1), stack.push(net.adjacentNode[k]))
    }
    expect(seen.every((x) => x === 1)).toBe(true)
    expect(net.edgeCount).toBeGreaterThan(9000)
  })

  it('crosses the river only at its bridges and the expressway only at its underpasses', () => {
    const river = (JSON.parse(fs.readFileSync('geodata/basemap.geojson', 'utf8')).features as Feature[]).find((f) => f.properties?.kind === 'river') as Feature<Polygon>
    const expressway = roads.find((f) => f.properties.highway === 'motorway')!
    const overRiver = walkable.filter((f) => booleanIntersects(f, river))
    expect(overRiver.length).toBe(4)
    expect(overRiver.every((f) => f.properties.bridge === 'yes')).toBe(true)
    const overExpressway = walkable.filter((f) => booleanIntersects(f, expressway))
    expect(overExpressway.length).toBe(3)
    expect(overExpressway.every((f) => f.properties.tunnel === 'yes')).toBe(true)
    expect(roads.filter((f) => f.properties.gate === 'yes').length).toBe(4)
  })
})
