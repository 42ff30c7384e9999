// The read API on the demo data: counts match the committed dataset, filters work, and
// bad parameters get a 400 naming the parameter.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useServedApp } from './test-db.js'

type FC = GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>
const readDemo = (file: string) => JSON.parse(fs.readFileSync(`geodata/${file}`, 'utf8')) as FC
const demo = { areas: readDemo('areas.geojson'), facilities: readDemo('facilities.geojson'), demand: readDemo('demand-points.geojson') }
const demoTypes = JSON.parse(fs.readFileSync('geodata/facility-types.json', 'utf8')) as { code: string }[]

const served = useServedApp()

const get = async (path: string) => {
  const res = await served.fetch(served.app.url + path)
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() }
}
const countBy = (fc: FC, key: string, value: unknown) => fc.features.filter((f) => f.properties[key] === value).length

describe('GET /api/health', () => {
  it('reports the engine and the demo data counts', async () => {
    const { status, body } = await get('/api/health')
    expect(status).toBe(200)
    expect(body).toEqual({
      ok: true,
      version: 'test',
      db: served.db.engine,
      counts: {
        areas: demo.areas.features.length,
        facilities: demo.facilities.features.length,
        demand_points: demo.demand.features.length,
        facility_types: demoTypes.length,
      },
    })
  })
})

describe('GET /api/areas', () => {
  it('lists the 7 real streets of Bijiang with stable ids and both names', async () => {
    const { status, type, body } = await get('/api/areas?level=street')
    expect(status).toBe(200)
    expect(type).toMatch(/application\/geo\+json/)
    expect(body.features).toHaveLength(7)
    expect(body.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain('锦江街道')
    for (const f of body.features) {
      expect(Number.isInteger(f.id)).toBe(true)
      expect(f.properties.name_en).toBeTruthy()
      expect(f.geometry.type).toBe('MultiPolygon')
    }
    const again = await get('/api/areas?level=street')
    expect(again.body.features.map((f: { id: number }) => f.id)).toEqual(body.features.map((f: { id: number }) => f.id))
  })

  it('filters by parent and returns label points on request', async () => {
    const { body } = await get('/api/areas?parent=520602002&geometry=label')
    expect(body.features).toHaveLength(countBy(demo.areas, 'parent_code', '520602002'))
    expect(body.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Point')).toBe(true)
  })

  it('counts every level of the demo data', async () => {
    for (const level of ['district', 'street', 'community', 'grid']) {
      const { body } = await get(`/api/areas?level=${level}&geometry=none`)
      expect(body.features.length, level).toBe(countBy(demo.areas, 'level', level))
    }
  })

  it.each([
    ['/api/areas?level=province', 'level'],
    ['/api/areas?geometry=huge', 'geometry'],
    ['/api/areas?parent=bad%20code', 'parent'],
    ['/api/areas?parent=999999', 'parent'],
  ])('answers %s with a 400 naming %s', async (path, field) => {
    const { status, body } = await get(path)
    expect(status).toBe(400)
    expect(body.error.field).toBe(field)
    expect(body.error.message).toMatch(new RegExp(`^${field}:`))
  })
})

describe('GET /api/areas/:code', () => {
  it('gives a street its children, facilities and residents, with the leader phone masked', async () => {
    const { status, body } = await get('/api/areas/520602002')
    expect(status).toBe(200)
    expect(body.properties).toMatchObject({ code: '520602002', name: '环北街道', level: 'street' })
    expect(body.properties.children_count).toBe(countBy(demo.areas, 'parent_code', '520602002'))
    // Codes nest (street 520602002 → community 520602002001 → grid 520602002001-G01), so the demo
    // file's own area_code says which facilities and residents lie in the street.
    const inStreet = (f: { properties: Record<string, unknown> }) => String(f.properties.area_code).startsWith('520602002')
    expect(body.properties.facilities_count).toBe(demo.facilities.features.filter(inStreet).length)
    expect(body.properties.demand_population).toBe(
      demo.demand.features.filter(inStreet).reduce((n, f) => n + Number(f.properties.population), 0),
    )
    expect(body.properties.facilities_count).toBeGreaterThan(0)
    expect(body.bbox).toHaveLength(4)
    const street = demo.areas.features.find((f) => f.properties.code === '520602002')!
    expect(street.properties.leader_phone).toMatch(/^1\d{10}$/)
    expect(body.properties.leader_name).toBe(street.properties.leader_name)
    expect(body.properties.leader_phone).toBe(`${String(street.properties.leader_phone).slice(0, 3)}****${String(street.properties.leader_phone).slice(-4)}`)
  })

  it('is a 404 for an unknown code and a 400 naming code for a malformed one', async () => {
    expect((await get('/api/areas/999')).status).toBe(404)
    const bad = await get('/api/areas/%E4%B8%AD')
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('code')
  })
})

describe('GET /api/facilities and /api/facility-types', () => {
  it('lists the taxonomy in order with both names', async () => {
    const { body } = await get('/api/facility-types')
    expect(body.map((t: { code: string }) => t.code).sort()).toEqual(demoTypes.map((t) => t.code).sort())
    expect(body[0]).toEqual(expect.objectContaining({ name: expect.any(String), name_en: expect.any(String), color: expect.stringMatching(/^#/) }))
  })

  it('filters by type and by area', async () => {
    const { body } = await get('/api/facilities?type=party_service_center')
    expect(body.features).toHaveLength(countBy(demo.facilities, 'type', 'party_service_center'))
    const all = await get('/api/facilities')
    expect(all.body.features).toHaveLength(demo.facilities.features.length)
    const inStreet = await get('/api/facilities?area=520602002')
    expect(inStreet.body.features.length).toBeGreaterThan(0)
    expect(inStreet.body.features.length).toBeLessThan(all.body.features.length)
  })

  it.each([
    ['/api/facilities?type=spaceport', 'type'],
    ['/api/facilities?area=999999', 'area'],
  ])('answers %s with a 400 naming %s', async (path, field) => {
    const { status, body } = await get(path)
    expect(status).toBe(400)
    expect(body.error.field).toBe(field)
  })
})

describe('GET /api/demand-points', () => {
  it('returns the points inside a bbox', async () => {
    const bbox = [109.18, 27.71, 109.2, 27.73]
    const { body } = await get(`/api/demand-points?bbox=${bbox.join(',')}`)
    const expected = demo.demand.features.filter((f) => {
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates
      return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]
    })
    expect(body.features.length).toBe(expected.length)
    expect(body.truncated).toBe(false)
  })

  it.each(['', '?bbox=1,2,3', '?bbox=10,10,5,5', '?bbox=0,0,200,10'])('answers %s with a 400 naming bbox', async (q) => {
    const { status, body } = await get(`/api/demand-points${q}`)
    expect(status).toBe(400)
    expect(body.error.field).toBe('bbox')
  })
})

describe('GET /api/roads', () => {
  it('returns the walking network inside a bbox, bridges and barriers among it', async () => {
    const roads = readDemo('roads.geojson')
    const { status, type, body } = await get('/api/roads?bbox=109.0,27.6,109.4,27.9')
    expect(status).toBe(200)
    expect(type).toMatch(/geo\+json/)
    expect(body.features.length).toBe(roads.features.length)
    expect(countBy(body, 'bridge', true)).toBe(roads.features.filter((f) => f.properties.bridge === 'yes').length)
    expect(countBy(body, 'walkable', false)).toBe(roads.features.filter((f) => f.properties.highway === 'motorway' || f.properties.barrier).length)
    const { body: small } = await get('/api/roads?bbox=109.185,27.715,109.19,27.72')
    expect(small.features.length).toBeGreaterThan(0)
    expect(small.features.length).toBeLessThan(body.features.length / 10)
  })

  it.each(['', '?bbox=1,2,3', '?bbox=10,10,5,5'])('answers %s with a 400 naming bbox', async (q) => {
    const { status, body } = await get(`/api/roads${q}`)
    expect(status).toBe(400)
    expect(body.error.field).toBe('bbox')
  })
})

describe('errors', () => {
  it.each(['/api/nothing-here', '/tiles/areas/1/0', '/tiles/areas/1/0/0/0.pbf'])('answers %s with a JSON 404', async (path) => {
    const { status, body } = await get(path)
    expect(status).toBe(404)
    expect(body.error.message).toBe(`no such endpoint: GET ${path}`)
  })
})
