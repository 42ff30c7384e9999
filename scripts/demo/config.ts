// The demo generator's settings: the two scales (the committed Bijiang demo and the city-size
// Tongren benchmark set), where the city sits, where each street is laid out, and the records each
// stage hands to the next.
import type { XY } from './geometry.js'
import type { ExclusiveKind } from './names.js'

export const DEFAULT_SEED = 20_240_602
export const CENTRE: [number, number] = [109.19, 27.72]
export const DISTRICT_BBOX: [number, number, number, number] = [108.93, 27.54, 109.47, 27.87]

export interface ScaleConfig {
  scale: number
  defaultOut: string
  minRadius: number
  maxRadius: number
  demandPoints: number
  population: number
  gridsTotal: number
  gridsPerCommunity: [number, number]
  /** null: only the real communities. */
  communitiesTotal: number | null
  gridStations: number
  outdoorStations: number
  courierPosts: number
  truckHomes: number
  redPosts: number
  clusters: number
  exclusive: [ExclusiveKind, string][]
}

export const EXCLUSIVE_BIJIANG: [ExclusiveKind, string][] = [
  ['business', '锦江街道'],
  ['business', '灯塔街道'],
  ['market', '河西街道'],
  ['market', '环北街道'],
  ['campus', '川硐街道'],
  ['campus', '铜兴街道'],
  ['hospital', '锦江街道'],
  ['hospital', '环北街道'],
]

export const SCALES: Record<'bijiang' | 'tongren', ScaleConfig> = {
  bijiang: {
    scale: 1,
    defaultOut: 'geodata',
    minRadius: 60,
    maxRadius: 190,
    demandPoints: 20_000,
    population: 350_000,
    gridsTotal: 350,
    gridsPerCommunity: [6, 10],
    communitiesTotal: null,
    gridStations: 140,
    outdoorStations: 35,
    courierPosts: 25,
    truckHomes: 4,
    redPosts: 7,
    clusters: 6,
    exclusive: EXCLUSIVE_BIJIANG,
  },
  tongren: {
    scale: 1.7,
    defaultOut: '.data/tongren',
    minRadius: 45,
    maxRadius: 300,
    demandPoints: 200_000,
    population: 3_400_000,
    gridsTotal: 1050,
    gridsPerCommunity: [4, 9],
    communitiesTotal: 184,
    gridStations: 166,
    outdoorStations: 102,
    courierPosts: 75,
    truckHomes: 8,
    redPosts: 20,
    clusters: 12,
    exclusive: [...EXCLUSIVE_BIJIANG, ...EXCLUSIVE_BIJIANG, ...EXCLUSIVE_BIJIANG],
  },
}

/** Where each street sits, in km of the valley frame (u down the river to the NE, v across to the NW). */
export const STREET_ANCHORS: Record<string, XY> = {
  河西街道: [-1.3, 2.5],
  环北街道: [1.9, 2.9],
  灯塔街道: [4.9, 0.9],
  川硐街道: [1.4, -3.0],
  铜兴街道: [-2.3, -2.6],
  正光街道: [-5.1, -0.2],
}
export const RIVER_STREET = '锦江街道'

export interface Divisions {
  county: { code: string; name: string }
  townships: { code: string; name: string; kind: string; villages: { code: string; name: string; kind: string }[] }[]
}

export interface StreetInfo {
  index: number
  code: string
  name: string
  name_en: string
  realCommunities: { code: string; name: string }[]
}
export interface CommunityInfo {
  index: number
  code: string
  name: string
  name_en: string
  street: number
  atoms: number[]
}
export interface GridInfo {
  index: number
  code: string
  name: string
  name_en: string
  community: number
  atoms: number[]
}
export interface ExclusiveInfo {
  code: string
  kind: ExclusiveKind
  name: string
  name_en: string
  community: number
  atoms: number[]
}
