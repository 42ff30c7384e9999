// An area's codes at each level of the hierarchy above it (and its own), walked up its parents:
// what a report placed in its lowest area is filed under (grid, community, street, district).
// The hierarchy is at most five deep, so at most five steps; a level missing from the chain
// (a grid straight under a street, a point in a district with no grid) stays null, and a parent
// that is not known ends the walk there.
import type { AreaLevel } from './areas.js'

export interface AreaNode {
  level: AreaLevel
  parentCode: string | null
}

export interface AreaChain {
  gridCode: string | null
  communityCode: string | null
  streetCode: string | null
  districtCode: string | null
}

const MAX_DEPTH = 5

export function getAreaChain(lowest: string | null, areas: ReadonlyMap<string, AreaNode>): AreaChain {
  const chain: AreaChain = { gridCode: null, communityCode: null, streetCode: null, districtCode: null }
  let code = lowest
  for (let step = 0; step < MAX_DEPTH && code !== null; step++) {
    const node = areas.get(code)
    if (!node) break
    if (node.level === 'grid') chain.gridCode = code
    else if (node.level === 'community') chain.communityCode = code
    else if (node.level === 'street') chain.streetCode = code
    else if (node.level === 'district') chain.districtCode = code
    code = node.parentCode
  }
  return chain
}
