// Scenario names the /plan page makes up follow the language switch; names a planner typed do not.
import { describe, expect, it } from 'vitest'
import { getScenarioDisplayName } from '../../client/views/plan/scenario-names'

describe('getScenarioDisplayName', () => {
  it('says a generated Chinese name in English, and back', () => {
    expect(getScenarioDisplayName('建议选址 5 处（方案 2）', 'en')).toBe('5 suggested sites (scenario 2)')
    expect(getScenarioDisplayName('5 suggested sites (scenario 2)', 'zh-CN')).toBe('建议选址 5 处（方案 2）')
    expect(getScenarioDisplayName('方案 3', 'en')).toBe('Scenario 3')
    expect(getScenarioDisplayName('Scenario 3', 'zh-CN')).toBe('方案 3')
  })

  it('translates copies of generated names, nested', () => {
    expect(getScenarioDisplayName('建议选址 5 处（方案 2）（副本）', 'en')).toBe('5 suggested sites (scenario 2) (copy)')
    expect(getScenarioDisplayName('方案 1（副本）（副本）', 'en')).toBe('Scenario 1 (copy) (copy)')
  })

  it('leaves typed names alone, also in their copies', () => {
    expect(getScenarioDisplayName('东门新站方案', 'en')).toBe('东门新站方案')
    expect(getScenarioDisplayName('东门新站方案（副本）', 'en')).toBe('东门新站方案 (copy)')
    expect(getScenarioDisplayName('方案 3', 'zh-CN')).toBe('方案 3')
  })
})
