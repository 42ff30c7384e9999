// Names for the synthetic dataset: romanised English names (pinyin-pro), synthetic leaders
// and fake phone numbers, and the facility-type taxonomy.
import { pinyin } from 'pinyin-pro'
import type { Rng } from '../../core/random.js'
import type { FacilityType } from '../../core/domain/facilities.js'

/** Hand-checked readings where a place-name character has more than one reading. */
const READING_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ['川硐', 'Chuandong'],
  ['打角冲', 'Dajiaochong'],
  ['坞坭', 'Wuni'],
])

/** "北门" → "Beimen": toneless pinyin run together, first letter capitalised. */
export function romanise(chinese: string): string {
  const fixed = READING_OVERRIDES.get(chinese)
  if (fixed) return fixed
  const s = pinyin(chinese, { toneType: 'none', type: 'array', v: true }).join('')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** Strips the statistical suffix: "北门社区居民委员会" → "北门社区". */
export function stripCommitteeSuffix(name: string): string {
  return name.replace(/居民委员会$/, '').replace(/村民委员会$/, '')
}

/** "北门社区" → "北门"; "环北街道" → "环北". */
export function shortName(name: string): string {
  return name.replace(/(社区|街道)$/, '')
}

const SURNAMES = [
  '杨', '田', '龙', '吴', '石', '张', '罗', '王', '李', '刘', '陈', '周', '黄', '徐', '谢', '滕',
  '姚', '麻', '胡', '冉', '舒', '彭', '熊', '杜', '唐', '何', '邓', '肖', '谭', '向', '曾', '蒋',
]
const GIVEN = [
  '建', '国', '明', '华', '平', '军', '红', '芳', '丽', '燕', '强', '伟', '勇', '敏', '静', '霞',
  '涛', '斌', '林', '峰', '波', '琳', '玉', '兰', '英', '秀', '桂', '志', '文', '海', '云', '雪',
  '鹏', '辉', '杰', '婷', '娟', '俊', '刚', '春', '梅', '飞', '宇', '欣', '晓', '德', '成', '艳',
]

/** Synthetic leaders: a Chinese name and a clearly fake, unique phone number (1380000xxxx). */
export class LeaderFactory {
  private readonly phoneSuffixes: number[]
  private next = 0

  constructor(private readonly rng: Rng) {
    this.phoneSuffixes = rng.shuffle(Array.from({ length: 10_000 }, (_, i) => i))
  }

  create(): { leader_name: string; leader_phone: string } {
    const given = this.rng.float() < 0.65 ? this.rng.pick(GIVEN) + this.rng.pick(GIVEN) : this.rng.pick(GIVEN)
    if (this.next >= this.phoneSuffixes.length) throw new Error('ran out of fake phone numbers')
    const suffix = this.phoneSuffixes[this.next++]
    return { leader_name: this.rng.pick(SURNAMES) + given, leader_phone: `1380000${String(suffix).padStart(4, '0')}` }
  }
}

/** A facility-type taxonomy entry, as core/domain defines it. */
export type FacilityTypeEntry = FacilityType

/** The six facility types of the demo (geodata/facility-types.json). */
export const FACILITY_TYPES: readonly FacilityTypeEntry[] = [
  { code: 'party_service_center', name: '党群服务中心', name_en: 'Party-mass service centre', icon: 'star', color: '#c62828', sort_order: 10 },
  { code: 'grid_service_station', name: '网格党群服务站', name_en: 'Grid service station', icon: 'flag', color: '#ef6c00', sort_order: 20 },
  { code: 'outdoor_worker_station', name: '户外劳动者驿站', name_en: 'Outdoor-worker station', icon: 'cup', color: '#0277bd', sort_order: 30 },
  { code: 'courier_post', name: '快递驿站', name_en: 'Courier post', icon: 'box', color: '#6a1b9a', sort_order: 40 },
  { code: 'truck_driver_home', name: '货车司机之家', name_en: 'Truck-driver home', icon: 'truck', color: '#2e7d32', sort_order: 50 },
  { code: 'red_post', name: '红色驿站', name_en: 'Red post', icon: 'heart', color: '#ad1457', sort_order: 60 },
]

/** Kinds of exclusive grid (专属网格): how they are named and their size range in m². */
export const EXCLUSIVE_KINDS = {
  market: { zh: '农贸市场', en: "Farmers' Market", areaM2: [25_000, 45_000] },
  campus: { zh: '教育园区', en: 'Education Park', areaM2: [400_000, 800_000] },
  hospital: { zh: '医院', en: 'Hospital', areaM2: [30_000, 60_000] },
  business: { zh: '商圈', en: 'Business District', areaM2: [150_000, 350_000] },
} as const
export type ExclusiveKind = keyof typeof EXCLUSIVE_KINDS
