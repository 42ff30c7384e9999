// The issue taxonomy as data: 8 categories of what grid workers and residents report, each with
// sub-categories and the importance and urgency a report gets when the reporter gives none.
import { z } from 'zod'

export const LEVELS = ['high', 'medium', 'low'] as const
export type Level = (typeof LEVELS)[number]

export interface IssueSubcategory {
  /** `<category>.<sub>`, e.g. `sanitation.garbage`. */
  code: string
  name: string
  nameEn: string
  importance: Level
  urgency: Level
  /** While open, an issue of this kind closes the way to walkers near it (core/domain/passage-closures.ts). */
  closesPassage?: true
}

export interface IssueCategory {
  code: string
  name: string
  nameEn: string
  subcategories: readonly IssueSubcategory[]
}

const sub = (code: string, name: string, nameEn: string, importance: Level, urgency: Level, closesPassage?: true): IssueSubcategory => ({
  code,
  name,
  nameEn,
  importance,
  urgency,
  ...(closesPassage ? { closesPassage } : {}),
})

export const ISSUE_CATEGORIES: readonly IssueCategory[] = [
  {
    code: 'disputes',
    name: '矛盾纠纷',
    nameEn: 'Disputes',
    subcategories: [
      sub('disputes.neighbour', '邻里纠纷', 'Neighbour dispute', 'medium', 'medium'),
      sub('disputes.family', '婚姻家庭纠纷', 'Family dispute', 'medium', 'medium'),
      sub('disputes.wages', '劳资纠纷', 'Unpaid wages', 'high', 'medium'),
    ],
  },
  {
    code: 'public_safety',
    name: '社会治安',
    nameEn: 'Public safety',
    subcategories: [
      sub('public_safety.theft', '盗窃', 'Theft', 'high', 'medium'),
      sub('public_safety.fight', '打架斗殴', 'Fighting', 'high', 'high'),
      sub('public_safety.suspicious', '可疑人员', 'Suspicious person', 'medium', 'medium'),
    ],
  },
  {
    code: 'sanitation',
    name: '环境卫生',
    nameEn: 'Sanitation',
    subcategories: [
      sub('sanitation.garbage', '垃圾堆积', 'Uncollected rubbish', 'low', 'medium'),
      sub('sanitation.sewage', '污水外溢', 'Sewage overflow', 'medium', 'high'),
      sub('sanitation.littering', '乱扔乱倒', 'Fly-tipping', 'low', 'low'),
    ],
  },
  {
    code: 'municipal',
    name: '市政设施',
    nameEn: 'Municipal facilities',
    subcategories: [
      sub('municipal.road_damage', '道路破损', 'Damaged road', 'medium', 'medium'),
      sub('municipal.streetlight', '路灯故障', 'Broken streetlight', 'low', 'medium'),
      sub('municipal.manhole', '井盖缺失', 'Missing manhole cover', 'high', 'high'),
      sub('municipal.road_works', '道路施工围挡', 'Roadworks hoarding', 'medium', 'medium', true),
      sub('municipal.road_collapse', '道路塌陷', 'Road collapse', 'high', 'high', true),
      sub('municipal.waterlogging', '道路积水', 'Flooded street', 'medium', 'high', true),
    ],
  },
  {
    code: 'fire_work_safety',
    name: '消防与安全生产',
    nameEn: 'Fire and work safety',
    subcategories: [
      sub('fire_work_safety.fire_hazard', '消防隐患', 'Fire hazard', 'high', 'high'),
      sub('fire_work_safety.gas_leak', '燃气泄漏', 'Gas leak', 'high', 'high'),
      sub('fire_work_safety.blocked_exit', '消防通道堵塞', 'Blocked fire exit', 'high', 'medium'),
    ],
  },
  {
    code: 'property',
    name: '物业管理',
    nameEn: 'Property management',
    subcategories: [
      sub('property.elevator', '电梯故障', 'Broken lift', 'medium', 'high'),
      sub('property.water_leak', '漏水渗水', 'Water leak', 'medium', 'medium'),
      sub('property.parking', '停车秩序', 'Parking disorder', 'low', 'low'),
    ],
  },
  {
    code: 'livelihood',
    name: '民生服务',
    nameEn: 'Livelihood services',
    subcategories: [
      sub('livelihood.elderly', '困难老人帮扶', 'Elderly person in need', 'high', 'medium'),
      sub('livelihood.noise', '噪音扰民', 'Noise', 'low', 'medium'),
      sub('livelihood.water_outage', '停水停电', 'Water or power cut', 'medium', 'high'),
    ],
  },
  {
    code: 'policy',
    name: '政策咨询',
    nameEn: 'Policy consultation',
    subcategories: [
      sub('policy.social_security', '社保医保', 'Social and medical insurance', 'low', 'low'),
      sub('policy.housing', '住房保障', 'Housing support', 'low', 'low'),
      sub('policy.household', '户籍办理', 'Household registration', 'low', 'low'),
    ],
  },
]

const SUBCATEGORIES = new Map(ISSUE_CATEGORIES.flatMap((category) => category.subcategories.map((s) => [s.code, { ...s, category }])))

/**
 * The sub-category with its category, or undefined for an unknown code.
 * @example findSubcategory('sanitation.garbage')?.category.name // '环境卫生'
 */
export function findSubcategory(code: string): (IssueSubcategory & { category: IssueCategory }) | undefined {
  return SUBCATEGORIES.get(code)
}

/**
 * The category part of a sub-category code (`<category>.<sub>`).
 * @example getCategoryCode('sanitation.garbage') // 'sanitation'
 */
export function getCategoryCode(subcategoryCode: string): string {
  return subcategoryCode.split('.')[0]
}

/** A known sub-category code. */
export const subcategoryCodeSchema = z
  .string({ error: 'required: a sub-category code such as sanitation.garbage' })
  .refine((code) => SUBCATEGORIES.has(code), { error: (issue) => `unknown category ${String(issue.input)}` })
