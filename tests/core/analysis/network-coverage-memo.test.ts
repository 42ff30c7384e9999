// The network coverage's incremental what-if (compute-network-coverage.ts, `memo`): on the demo
// district's network, a run after another — a station moved, added, removed, streets closed and
// opened again, another cut-off, another strip width, another level — gives exactly what a fresh run
// gives: the same walk for every home, the same covered area and gap for every area, the same
// stations in reach, the same service area of each station.
import fs from 'node:fs'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { buildWalkNetwork } from '../../../core/analysis/build-walk-network.js'
import { closeWalkEdges } from '../../../core/analysis/close-walk-edges.js'
import { computeNetworkCoverage, createNetworkCoverageMemo, type NetworkCoverageOptions } from '../../../core/analysis/compute-network-coverage.js'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { snapPlaces, snapToWalkNetwork } from '../../../core/analysis/snap-to-walk-network.js'
import { isWalkableWay, type WayTags } from '../../../core/domain/walkable-ways.js'

const read = <T,>(name: string): T => JSON.parse(fs.readFileSync(new URL(`../../../geodata/${name}`, import.meta.url), 'utf8')) as T
const areas = read<FeatureCollection<Polygon | MultiPolygon, { code: string; level: string; parent_code: string | null }>>('areas.geojson')
const demand = createDemandIndex(read<FeatureCollection<Point, { population: number; area_code: string }>>('demand-points.geojson'))
const facilities = read<FeatureCollection<Point, { type: string }>>('facilities.geojson')
const roads = read<FeatureCollection<LineString, WayTags>>('roads.geojson')
const net = buildWalkNetwork(roads.features.filter((f) => isWalkableWay(f.properties)))
const snaps = snapPlaces(net, demand)

const stations = facilities.features.filter((f) => f.properties.type === 'outdoor_worker_station')
const collection = (features: Feature<Point>[]): FeatureCollection<Point> => ({ type: 'FeatureCollection', features })
const moved = (k: number, dx: number, dy: number) =>
  collection(stations.map((f, i) => (i === k ? { ...f, geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0] + dx, f.geometry.coordinates[1] + dy] } } : f)))

describe('network coverage from the last run (memo)', () => {
  it('equals a fresh run after each change', () => {
    expect(stations.length).toBeGreaterThan(10)
    const [lon, lat] = stations[3].geometry.coordinates
    // Two streets near the station closed: its own edge's ends.
    const edge = snapToWalkNetwork(net, lon, lat)!.edge
    const ends = [net.edgeFrom[edge], net.edgeTo[edge]].map((n) => [net.nodeLon[n], net.nodeLat[n]] as const)
    const { closed } = closeWalkEdges(net, ends, 20)
    expect(closed.some(Boolean)).toBe(true)
    const steps: [string, FeatureCollection<Point>, NetworkCoverageOptions][] = [
      ['all stations', collection(stations), { cutoffMeters: 1200, level: 'grid' }],
      ['one moved 300 m', moved(3, 0.003, 0.001), { cutoffMeters: 1200, level: 'grid' }],
      ['moved back', collection(stations), { cutoffMeters: 1200, level: 'grid' }],
      ['one added', collection([...stations, { type: 'Feature', properties: { type: 'outdoor_worker_station' }, geometry: { type: 'Point', coordinates: [lon - 0.01, lat + 0.008] } }]), { cutoffMeters: 1200, level: 'grid' }],
      ['the last removed', collection(stations.slice(0, -1)), { cutoffMeters: 1200, level: 'grid' }],
      ['streets closed', collection(stations.slice(0, -1)), { cutoffMeters: 1200, level: 'grid', closed }],
      ['one moved, streets still closed', collection(moved(0, -0.002, 0.002).features.slice(0, -1)), { cutoffMeters: 1200, level: 'grid', closed }],
      ['opened again', collection(stations), { cutoffMeters: 1200, level: 'grid' }],
      ['ten minutes', collection(stations), { cutoffMeters: 800, level: 'grid' }],
      ['a narrower strip', collection(stations), { cutoffMeters: 800, level: 'grid', stripMeters: 30 }],
      ['by community', collection(stations), { cutoffMeters: 800, level: 'community', stripMeters: 30 }],
      ['by community, one moved', moved(5, 0.004, -0.002), { cutoffMeters: 800, level: 'community', stripMeters: 30 }],
      ['by grid again', moved(5, 0.004, -0.002), { cutoffMeters: 800, level: 'grid', stripMeters: 30 }],
    ]
    const memo = createNetworkCoverageMemo()
    for (const [what, those, options] of steps) {
      const fresh = computeNetworkCoverage({ areas, demand, facilities: those, network: net, snaps }, { ...options, serviceAreas: true })
      const again = computeNetworkCoverage({ areas, demand, facilities: those, network: net, snaps, memo }, { ...options, serviceAreas: true })
      expect(Array.from(again.reach.meters), what).toEqual(Array.from(fresh.reach.meters))
      expect(Array.from(again.served), what).toEqual(Array.from(fresh.served))
      expect(again.summary, what).toEqual(fresh.summary)
      expect(again.areas.features.map((f) => f.properties), what).toEqual(fresh.areas.features.map((f) => f.properties))
      expect(again.gaps, what).toEqual(fresh.gaps)
      expect(again.serviceAreas, what).toEqual(fresh.serviceAreas)
    }
  })

  it('moves a station and redraws only what its walk changed', () => {
    const memo = createNetworkCoverageMemo()
    const before = computeNetworkCoverage({ areas, demand, facilities: collection(stations), network: net, snaps, memo }, { cutoffMeters: 1200, level: 'grid' })
    const shapes = new Map(memo.fields)
    const after = computeNetworkCoverage({ areas, demand, facilities: moved(3, 0.012, 0.004), network: net, snaps, memo }, { cutoffMeters: 1200, level: 'grid' })
    const kept = [...memo.fields].filter(([t, shape]) => shapes.get(t) === shape).length
    // Most tiles are the very same shapes; the moved station's are new.
    expect(kept).toBeGreaterThan(memo.fields.size / 2)
    expect(kept).toBeLessThan(memo.fields.size)
    expect(after.summary.populationCovered).not.toBe(before.summary.populationCovered)
  })
})
