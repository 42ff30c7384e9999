// The walking rule for road tags (core/domain/walkable-ways.ts).
import { describe, expect, it } from 'vitest'
import { isWalkableWay } from '../../../core/domain/walkable-ways.js'

describe('walkable ways', () => {
  it('walks footways, steps, streets and the classified roads', () => {
    for (const highway of ['footway', 'path', 'pedestrian', 'steps', 'living_street', 'residential', 'service', 'tertiary', 'secondary', 'primary']) {
      expect(isWalkableWay({ highway }), highway).toBe(true)
    }
    expect(isWalkableWay({ highway: 'footway', bridge: 'yes' })).toBe(true)
    expect(isWalkableWay({ highway: 'residential', tunnel: 'yes' })).toBe(true)
  })

  it('walks a motorway or trunk road only with a sidewalk or foot=yes', () => {
    expect(isWalkableWay({ highway: 'motorway' })).toBe(false)
    expect(isWalkableWay({ highway: 'trunk', sidewalk: 'both' })).toBe(true)
    expect(isWalkableWay({ highway: 'trunk', sidewalk: 'separate' })).toBe(false)
    expect(isWalkableWay({ highway: 'motorway_link', 'sidewalk:left': 'yes' })).toBe(true)
    expect(isWalkableWay({ highway: 'trunk', foot: 'yes' })).toBe(true)
  })

  it('respects foot=no, private access and barriers, and needs a highway', () => {
    expect(isWalkableWay({ highway: 'footway', foot: 'no' })).toBe(false)
    expect(isWalkableWay({ highway: 'service', access: 'private' })).toBe(false)
    expect(isWalkableWay({ highway: 'service', access: 'private', foot: 'permissive' })).toBe(true)
    expect(isWalkableWay({ highway: 'no', barrier: 'wall' })).toBe(false)
    expect(isWalkableWay({ barrier: 'fence' })).toBe(false)
    expect(isWalkableWay({ highway: 'cycleway' })).toBe(false)
    expect(isWalkableWay({ highway: 'cycleway', foot: 'designated' })).toBe(true)
    expect(isWalkableWay({})).toBe(false)
  })
})
