// The district's departments an issue is dispatched or escalated to (街道吹哨、部门报到), as data:
// each with the issue categories it answers for, so the dispatch form offers a list — the ones
// competent for the issue first — instead of a box where any spelling becomes a new department
// in the figures per department.
// The demo's history and activity send issues to the first competent department of each category.

/** A department as the dispatch form offers it. */
export interface DepartmentOption {
  name: string
  nameEn: string
}

export interface Department extends DepartmentOption {
  /** Categories (taxonomy codes) it answers for; empty: any. */
  categories: readonly string[]
}

export const DEPARTMENTS: readonly Department[] = [
  { name: '区城市管理局', nameEn: 'District Urban Management Bureau', categories: ['sanitation', 'municipal'] },
  { name: '区住房和城乡建设局', nameEn: 'District Housing and Construction Bureau', categories: ['municipal', 'property'] },
  { name: '区公安分局', nameEn: 'District Public Security Branch', categories: ['public_safety'] },
  { name: '区司法局', nameEn: 'District Justice Bureau', categories: ['disputes'] },
  { name: '区人力资源和社会保障局', nameEn: 'District Human Resources and Social Security Bureau', categories: ['disputes', 'policy'] },
  { name: '区应急管理局', nameEn: 'District Emergency Management Bureau', categories: ['fire_work_safety'] },
  { name: '区消防救援大队', nameEn: 'District Fire and Rescue Brigade', categories: ['fire_work_safety'] },
  { name: '区民政局', nameEn: 'District Civil Affairs Bureau', categories: ['livelihood', 'policy'] },
  { name: '区生态环境分局', nameEn: 'District Ecology and Environment Branch', categories: ['sanitation', 'livelihood'] },
  { name: '区医疗保障局', nameEn: 'District Healthcare Security Bureau', categories: ['policy'] },
  { name: '区政务服务中心', nameEn: 'District Government Services Centre', categories: [] },
]

/**
 * The departments offered for an issue of `category` (a sub-category code): the competent ones
 * first, then the others; a department already on the issue but not in the list is kept, first.
 */
export function listDepartmentsFor(category: string, current: string | null): DepartmentOption[] {
  const top = category.split('.')[0]
  const competent = DEPARTMENTS.filter((d) => d.categories.includes(top))
  const rest = DEPARTMENTS.filter((d) => !d.categories.includes(top))
  const out = [...competent, ...rest].map((d) => ({ name: d.name, nameEn: d.nameEn }))
  return current && !out.some((d) => d.name === current) ? [{ name: current, nameEn: current }, ...out] : out
}

/** The department that takes a category (a top-level code) first: the first competent one, else the services centre. */
export function getLeadDepartment(category: string): string {
  return (DEPARTMENTS.find((d) => d.categories.includes(category)) ?? DEPARTMENTS[DEPARTMENTS.length - 1]).name
}
