// Scope as rooms: who sees which issue, and whose phone is masked.
import { describe, expect, it } from 'vitest'
import { canSeeIssue, getIssueRooms, getSessionRoom, maskPhone, maskPhoneFor } from '../../../core/domain/issue-scope.js'

const issue = {
  gridCode: '520602007001-G01',
  communityCode: '520602007001',
  streetCode: '520602007',
  districtCode: '520602',
  reporter: 'worker',
  assignee: 'worker2',
}

describe('rooms', () => {
  it('put an issue in the rooms of its areas, reporter, assignee and all', () => {
    expect(getIssueRooms(issue)).toEqual([
      'all',
      'area:520602',
      'area:520602007',
      'area:520602007001',
      'area:520602007001-G01',
      'user:worker',
      'user:worker2',
    ])
    expect(getIssueRooms({ ...issue, gridCode: null, communityCode: null, streetCode: null, districtCode: null, assignee: null })).toEqual([
      'all',
      'user:worker',
    ])
  })

  it('give each session one room by role', () => {
    expect(getSessionRoom({ username: 'op', role: 'operator', area: '520602' })).toBe('all')
    expect(getSessionRoom({ username: 'p', role: 'planner', area: '520602' })).toBe('all')
    expect(getSessionRoom({ username: 'l', role: 'street_leader', area: '520602007' })).toBe('area:520602007')
    expect(getSessionRoom({ username: 'w', role: 'wall', area: '520602002' })).toBe('area:520602002')
    expect(getSessionRoom({ username: 'worker', role: 'grid_worker', area: '520602007001-G01' })).toBe('user:worker')
  })

  it('let a leader see their street and not another', () => {
    expect(canSeeIssue({ username: 'l', role: 'street_leader', area: '520602007' }, issue)).toBe(true)
    expect(canSeeIssue({ username: 'l', role: 'street_leader', area: '520602002' }, issue)).toBe(false)
    expect(canSeeIssue({ username: 'c', role: 'community_leader', area: '520602007001' }, issue)).toBe(true)
    expect(canSeeIssue({ username: 'worker2', role: 'grid_worker', area: 'x' }, issue)).toBe(true)
    expect(canSeeIssue({ username: 'worker3', role: 'grid_worker', area: '520602007001-G01' }, issue)).toBe(false)
  })
})

describe('phones', () => {
  it('are masked except for the roles that call back', () => {
    expect(maskPhone('13912345678')).toBe('139****5678')
    expect(maskPhone('12345')).toBe('****')
    expect(maskPhone(null)).toBeNull()
    expect(maskPhoneFor('operator', '13912345678')).toBe('13912345678')
    expect(maskPhoneFor('street_leader', '13912345678')).toBe('139****5678')
    expect(maskPhoneFor('wall', '13912345678')).toBe('139****5678')
  })
})
