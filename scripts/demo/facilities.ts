// The generator's service points: a party-mass service centre in every community (on its inner,
// city-centre side), grid service stations in central, populous grids, outdoor-worker stations,
// courier posts and red posts spread by population and centrality, truck-driver homes where the
// radial roads leave the built-up area. Mostly central, so the urban edge keeps deliberate
// 15-minute coverage gaps for the planner to find.
import type { Delaunay as DelaunayType, Voronoi } from 'd3-delaunay'
import type { Neighbour } from './atoms.js'
import type { City, RoadSpec } from './city.js'
import type { CommunityInfo, GridInfo, ScaleConfig, StreetInfo } from './config.js'
import { distance, distanceToPolyline, PreparedPolygon, type AreaGeometry, type LocalProjection, type XY } from './geometry.js'
import { shortName } from './names.js'
import type { Rng } from '../../core/random.js'

export interface FacilityOut {
  code: string
  name: string
  name_en: string
  type: string
  address: string
  opening_hours: string
  services: string[]
  area_code: string
  ll: [number, number]
}

export interface FacilityInput {
  cfg: ScaleConfig
  rng: Rng
  city: City
  proj: LocalProjection
  sites: XY[]
  voronoi: Voronoi<XY>
  delaunay: DelaunayType<XY>
  inside: Uint8Array
  insideAtoms: number[]
  adjacency: Neighbour[][]
  atomPop: Float64Array
  streets: StreetInfo[]
  communities: CommunityInfo[]
  communityOfAtom: Int32Array
  grids: GridInfo[]
  gridOfAtom: Int32Array
  gridPopulation: number[]
  communityGeom: AreaGeometry[]
  gridPrepared: PreparedPolygon[]
  /** Population-weighted centre of atoms. */
  weightedCentroid(atoms: readonly number[]): XY
}

/** Every service point, in the order they are placed (the output's order is by code). */
export function placeFacilities(input: FacilityInput): FacilityOut[] {
  const { cfg, rng, city, proj, sites, voronoi, delaunay, inside, insideAtoms, adjacency, atomPop, streets, communities, communityOfAtom, grids, gridOfAtom, gridPopulation, communityGeom, gridPrepared, weightedCentroid } = input
  const facilities: FacilityOut[] = []
  const communityPrepared = communityGeom.map((g) => new PreparedPolygon(g))
  const placedXY: XY[] = []
  const centrality = (p: XY) => Math.exp(-((city.outlineRatio(p) / 0.5) ** 2))
  const roadNear = (p: XY): RoadSpec | undefined => {
    let best: RoadSpec | undefined
    let bestD = 400
    for (const r of city.roads) {
      const d = distanceToPolyline(p, r.line)
      if (d < bestD) [best, bestD] = [r, d]
    }
    return best
  }
  const addressOf = (p: XY, atom: number) => {
    const c = communities[communityOfAtom[atom]]
    const road = roadNear(p)
    const lane = road ? road.name : `${shortName(c.name)}路`
    return `碧江区${streets[c.street].name}${c.name}${lane}${rng.int(1, 320)}号`
  }
  /** A point inside `atom`'s cell, off the river, away from other facilities, well inside its area polygon. */
  const spotIn = (atom: number, area: PreparedPolygon): [number, number] | undefined => {
    const cell = voronoi.cellPolygon(atom) as unknown as XY[]
    for (let t = 0; t < 12; t++) {
      const v = cell[rng.int(0, cell.length - 2)]
      const f = rng.range(0.05, 0.45)
      const p: XY = [sites[atom][0] + (v[0] - sites[atom][0]) * f, sites[atom][1] + (v[1] - sites[atom][1]) * f]
      const ll = proj.toLonLat(p)
      const xy = proj.toXY(ll)
      if (city.isInRiver(xy, 15)) continue
      if (placedXY.some((q) => distance(q, xy) < 40)) continue
      if (!area.contains(ll) || area.distanceToBoundary(ll, proj) < 1) continue
      if (!gridPrepared[gridOfAtom[atom]].contains(ll)) continue
      placedXY.push(xy)
      return ll
    }
    return undefined
  }
  /** Places one facility in one of `atoms`, tried in the given order. */
  const place = (atoms: number[], areaOf: (atom: number) => { code: string; prepared: PreparedPolygon }, make: (atom: number, ll: [number, number], xy: XY) => Omit<FacilityOut, 'll' | 'area_code'>) => {
    for (const atom of atoms) {
      const area = areaOf(atom)
      const ll = spotIn(atom, area.prepared)
      if (!ll) continue
      facilities.push({ ...make(atom, ll, proj.toXY(ll)), area_code: area.code, ll })
      return true
    }
    return false
  }
  const gridArea = (atom: number) => ({ code: grids[gridOfAtom[atom]].code, prepared: gridPrepared[gridOfAtom[atom]] })
  const weightedOrder = (atoms: number[], weight: (a: number) => number) => {
    const w = atoms.map(weight)
    const order = rng.weightedSample(w, Math.min(atoms.length, 60))
    return order.map((k) => atoms[k])
  }
  const mustPlace = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`could not place ${what}`)
  }

  // Party-mass service centres: one per community, on its inner (city-centre) side.
  for (const c of communities) {
    const centre = weightedCentroid(c.atoms)
    const target: XY = [centre[0] * 0.6, centre[1] * 0.6]
    const byDistance = [...c.atoms].sort((a, b) => distance(sites[a], target) - distance(sites[b], target) || a - b)
    const short = shortName(c.name)
    mustPlace(
      place(byDistance, () => ({ code: c.code, prepared: communityPrepared[c.index] }), (atom, _ll, xy) => ({
        code: `F-${c.code}-PSC`,
        name: `${c.name}党群服务中心`,
        name_en: `${c.name_en} Party-Mass Service Centre`,
        type: 'party_service_center',
        address: addressOf(xy, atom),
        opening_hours: 'Mo-Fr 08:30-17:30; Sa 09:00-12:00',
        services: ['党员活动', '政务代办', '便民服务', '矛盾调解', '志愿服务', '政策咨询'],
      })),
      `party-mass service centre of ${short}`,
    )
  }

  // Grid service stations: in central, populous grids.
  const gridWeights = grids.map((g) => gridPopulation[g.index] * centrality(weightedCentroid(g.atoms)) ** 3 + 1e-6)
  const stationGrids = rng.weightedSample(gridWeights, cfg.gridStations)
  for (const g of stationGrids.sort((a, b) => a - b)) {
    const grid = grids[g]
    const c = communities[grid.community]
    mustPlace(
      place(weightedOrder(grid.atoms, (a) => atomPop[a] + 1), gridArea, (atom, _ll, xy) => ({
        code: `F-${grid.code}-GSS`,
        name: `${grid.name}党群服务站`,
        name_en: `${grid.name_en} Service Station`,
        type: 'grid_service_station',
        address: addressOf(xy, atom),
        opening_hours: 'Mo-Fr 09:00-17:00',
        services: ['网格员值守', '事件受理', '便民服务', '政策咨询'],
      })),
      `grid service station in ${grid.code} (${c.name})`,
    )
  }

  const nameCounter = new Map<string, number>()
  const uniqueName = (zh: string, en: string) => {
    const n = (nameCounter.get(zh) ?? 0) + 1
    nameCounter.set(zh, n)
    return n === 1 ? { zh, en } : { zh: `${zh}${n}号站`, en: `${en} No. ${n}` }
  }
  const sampleSpread = (count: number, weight: (a: number) => number, what: string, make: (atom: number, xy: XY, n: number) => Omit<FacilityOut, 'll' | 'area_code'>) => {
    const order = rng.weightedSample(insideAtoms.map(weight), Math.min(insideAtoms.length, count * 6)).map((k) => insideAtoms[k])
    let n = 0
    for (const atom of order) {
      if (n >= count) break
      if (place([atom], gridArea, (a, _ll, xy) => make(a, xy, n + 1))) n++
    }
    mustPlace(n === count, `${count} ${what} (placed ${n})`)
  }
  const nearRoad = (a: number) => (city.roads.some((r) => distanceToPolyline(sites[a], r.line) < 250) ? 4 : 1)

  /** A spread station's names after its community: 东门户外劳动者驿站 / Dongmen Outdoor-Worker Station (numbered when repeated). */
  const namedAfterCommunity = (atom: number, zh: string, en: string) => {
    const c = communities[communityOfAtom[atom]]
    const nm = uniqueName(`${shortName(c.name)}${zh}`, `${c.name_en.replace(/ Community$/, '')} ${en}`)
    return { name: nm.zh, name_en: nm.en }
  }

  const OUTDOOR_EXTRA = ['如厕', '热饭', '应急药箱', '避暑取暖', '无线网络', '图书角']
  sampleSpread(cfg.outdoorStations, (a) => (atomPop[a] + 20) * centrality(sites[a]) ** 1.5 * nearRoad(a), 'outdoor-worker stations', (atom, xy, n) => {
    return {
      code: `F-OWS-${String(n).padStart(3, '0')}`,
      ...namedAfterCommunity(atom, '户外劳动者驿站', 'Outdoor-Worker Station'),
      type: 'outdoor_worker_station',
      address: addressOf(xy, atom),
      opening_hours: n % 3 === 0 ? '24/7' : 'Mo-Su 07:00-21:00',
      services: ['饮水', '充电', '休息', ...OUTDOOR_EXTRA.filter(() => rng.float() < 0.5)],
    }
  })
  sampleSpread(cfg.courierPosts, (a) => (atomPop[a] + 1) * centrality(sites[a]) ** 1.5, 'courier posts', (atom, xy, n) => {
    const home = n % 3 === 0
    return {
      code: `F-CP-${String(n).padStart(3, '0')}`,
      ...namedAfterCommunity(atom, home ? '快递小哥之家' : '快递驿站', home ? "Couriers' Home" : 'Courier Post'),
      type: 'courier_post',
      address: addressOf(xy, atom),
      opening_hours: 'Mo-Su 08:00-21:00',
      services: home ? ['休息', '充电', '饮水', '热饭', '爱心餐'] : ['快件暂存', '休息', '充电', '饮水'],
    }
  })

  // Truck-driver homes: where the radial roads leave the built-up area, then further in on the primaries.
  const radials = city.roads.filter((r) => r.exit).sort((a, b) => (a.road_class === b.road_class ? 0 : a.road_class === 'primary' ? -1 : 1))
  const truckSpots: { road: RoadSpec; p: XY }[] = radials.map((road) => ({ road, p: road.exit! }))
  for (const road of radials.filter((r) => r.road_class === 'primary')) {
    const inner = road.line.filter((p) => city.outlineRatio(p) < 0.75).pop()
    if (inner) truckSpots.push({ road, p: inner })
  }
  {
    let n = 0
    for (const spot of truckSpots) {
      if (n >= cfg.truckHomes) break
      const atom = delaunay.find(spot.p[0], spot.p[1])
      if (!inside[atom]) continue
      const nearby = [atom, ...adjacency[atom].map((x) => x.atom).filter((a) => inside[a])]
      if (
        place(nearby, gridArea, (a, _ll, xy) => ({
          code: `F-TDH-${String(n + 1).padStart(2, '0')}`,
          ...(({ zh, en }) => ({ name: zh, name_en: en }))(uniqueName(`${spot.road.name}货车司机之家`, `${spot.road.name_en} Truck-Driver Home`)),
          type: 'truck_driver_home',
          address: addressOf(xy, a),
          opening_hours: '24/7',
          services: ['休息', '淋浴', '洗衣', '餐饮', '停车', '饮水', '充电'],
        }))
      )
        n++
    }
    mustPlace(n === cfg.truckHomes, `${cfg.truckHomes} truck-driver homes (placed ${n})`)
  }

  sampleSpread(cfg.redPosts, (a) => (atomPop[a] + 1) * centrality(sites[a]) ** 3, 'red posts', (atom, xy, n) => {
    return {
      code: `F-RP-${String(n).padStart(2, '0')}`,
      ...namedAfterCommunity(atom, '红色驿站', 'Red Post'),
      type: 'red_post',
      address: addressOf(xy, atom),
      opening_hours: 'Mo-Su 08:00-20:00',
      services: ['志愿服务', '党员先锋岗', '便民服务', '应急救助', '政策宣传'],
    }
  })
  return facilities
}
