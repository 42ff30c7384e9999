import { describe, expect, it } from 'vitest'
import { getAreaChain, type AreaNode } from '../../../core/domain/area-chain.js'

const areas = new Map<string, AreaNode>([
  ['520602', { level: 'district', parentCode: null }],
  ['520602007', { level: 'street', parentCode: '520602' }],
  ['520602007007', { level: 'community', parentCode: '520602007' }],
  ['520602007007-G05', { level: 'grid', parentCode: '520602007007' }],
  ['520602007007-G05-M1', { level: 'micro', parentCode: '520602007007-G05' }],
  // A grid straight under a street (an exclusive grid: a market), and one whose parent is not known.
  ['520602007-X01', { level: 'grid', parentCode: '520602007' }],
  ['520602099001-G01', { level: 'grid', parentCode: '520602099001' }],
])

describe('getAreaChain', () => {
  it('walks a micro-grid up to its district, each level under its own name', () => {
    expect(getAreaChain('520602007007-G05-M1', areas)).toEqual({
      gridCode: '520602007007-G05',
      communityCode: '520602007007',
      streetCode: '520602007',
      districtCode: '520602',
    })
  })

  it('starts from whatever level the lowest area is', () => {
    expect(getAreaChain('520602007007-G05', areas)).toMatchObject({ gridCode: '520602007007-G05', districtCode: '520602' })
    expect(getAreaChain('520602007', areas)).toEqual({ gridCode: null, communityCode: null, streetCode: '520602007', districtCode: '520602' })
  })

  it('leaves a level missing from the chain null', () => {
    expect(getAreaChain('520602007-X01', areas)).toEqual({ gridCode: '520602007-X01', communityCode: null, streetCode: '520602007', districtCode: '520602' })
  })

  it('stops at a parent it does not know, and gives nothing for no area or an unknown one', () => {
    expect(getAreaChain('520602099001-G01', areas)).toEqual({ gridCode: '520602099001-G01', communityCode: null, streetCode: null, districtCode: null })
    const none = { gridCode: null, communityCode: null, streetCode: null, districtCode: null }
    expect(getAreaChain(null, areas)).toEqual(none)
    expect(getAreaChain('nowhere', areas)).toEqual(none)
  })

  it('takes at most five steps, even over a loop in bad data', () => {
    const loop = new Map<string, AreaNode>([
      ['a', { level: 'grid', parentCode: 'b' }],
      ['b', { level: 'community', parentCode: 'a' }],
    ])
    expect(getAreaChain('a', loop)).toEqual({ gridCode: 'a', communityCode: 'b', streetCode: null, districtCode: null })
  })
})
