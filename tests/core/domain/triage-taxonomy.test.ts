// Triage colours from importance × urgency, and the taxonomy's invariants.
import { describe, expect, it } from 'vitest'
import { findSubcategory, ISSUE_CATEGORIES, LEVELS, subcategoryCodeSchema } from '../../../core/domain/issue-taxonomy.js'
import { compareColours, getTriageColour, getWorstColour, TRIAGE_COLOURS, TRIAGE_COLOUR_INFO } from '../../../core/domain/triage.js'

describe('getTriageColour', () => {
  it.each([
    ['high', 'high', 'red'],
    ['high', 'medium', 'orange'],
    ['medium', 'high', 'orange'],
    ['high', 'low', 'yellow'],
    ['low', 'high', 'yellow'],
    ['medium', 'medium', 'yellow'],
    ['medium', 'low', 'blue'],
    ['low', 'medium', 'blue'],
    ['low', 'low', 'blue'],
  ] as const)('%s importance × %s urgency → %s', (importance, urgency, colour) => {
    expect(getTriageColour(importance, urgency)).toBe(colour)
  })

  it('sorts the worst colour first and finds it', () => {
    expect([...TRIAGE_COLOURS].reverse().sort(compareColours)).toEqual(['red', 'orange', 'yellow', 'blue'])
    expect(getWorstColour(['blue', 'yellow', 'orange', 'yellow'])).toBe('orange')
    expect(getWorstColour([])).toBeUndefined()
    for (const c of TRIAGE_COLOURS) expect(TRIAGE_COLOUR_INFO[c].hex).toMatch(/^#[0-9a-f]{6}$/)
  })
})

describe('the taxonomy', () => {
  const subs = ISSUE_CATEGORIES.flatMap((c) => c.subcategories.map((s) => ({ ...s, category: c.code })))

  it('has 8 categories of at least 3 sub-categories, with unique well-formed codes and both names', () => {
    expect(ISSUE_CATEGORIES).toHaveLength(8)
    for (const c of ISSUE_CATEGORIES) {
      expect(c.subcategories.length).toBeGreaterThanOrEqual(3)
      expect(c.code).toMatch(/^[a-z_]+$/)
      expect(c.name && c.nameEn).toBeTruthy()
    }
    expect(new Set(ISSUE_CATEGORIES.map((c) => c.code)).size).toBe(8)
    expect(new Set(subs.map((s) => s.code)).size).toBe(subs.length)
    for (const s of subs) {
      expect(s.code).toMatch(/^[a-z_]+\.[a-z_]+$/)
      expect(s.code.split('.')[0]).toBe(s.category)
      expect(s.name && s.nameEn).toBeTruthy()
      expect(LEVELS).toContain(s.importance)
      expect(LEVELS).toContain(s.urgency)
    }
  })

  it('triages the dangerous ones red and the questions blue by default', () => {
    const colourOf = (code: string) => {
      const s = findSubcategory(code)!
      return getTriageColour(s.importance, s.urgency)
    }
    expect(colourOf('fire_work_safety.gas_leak')).toBe('red')
    expect(colourOf('fire_work_safety.fire_hazard')).toBe('red')
    expect(colourOf('policy.housing')).toBe('blue')
  })

  it('finds a sub-category with its category and refuses unknown codes', () => {
    expect(findSubcategory('sanitation.garbage')?.category.name).toBe('环境卫生')
    expect(findSubcategory('sanitation')).toBeUndefined()
    expect(subcategoryCodeSchema.safeParse('municipal.manhole').success).toBe(true)
    const bad = subcategoryCodeSchema.safeParse('municipal.dragons')
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0].message).toBe('unknown category municipal.dragons')
  })
})
