// Live closures: an open issue of a kind that blocks passage (道路施工围挡, 道路塌陷, 道路积水 —
// the taxonomy marks them `closesPassage`) takes the walking network's edges near its place out of
// every walk while it is open; closing it (or rejecting or merging it) gives them back.
//
// "Near" is CLOSURE_METERS from the reported point to the edge's line. A worker's phone places a
// report within a few metres to tens of metres; 20 m closes the street the report stands on (and, at a
// junction, the junction's arms), not the parallel street a block away (the demo's blocks are
// 150–300 m across). A hoarding that closes a longer run of street is reported as more than one issue.
import { isOpenStatus, type IssueStatus } from './issue-lifecycle.js'
import { findSubcategory, ISSUE_CATEGORIES } from './issue-taxonomy.js'

/** Metres from a closure's reported point within which an edge of the walking network is closed. */
export const CLOSURE_METERS = 20

/** The sub-category codes whose open issues close the way to walkers. */
export const CLOSURE_KINDS: readonly string[] = ISSUE_CATEGORIES.flatMap((c) => c.subcategories.filter((s) => s.closesPassage).map((s) => s.code))

/**
 * Whether an issue as it stands closes the walking network near it.
 *
 * @example
 * closesPassage({ subcategory: 'municipal.road_collapse', status: 'dispatched' }) // true
 * closesPassage({ subcategory: 'municipal.road_collapse', status: 'closed' }) // false
 */
export function closesPassage(issue: { subcategory: string; status: IssueStatus }): boolean {
  return isClosureKind(issue.subcategory) && isOpenStatus(issue.status)
}

/** Whether issues of this sub-category close the way while open. */
export function isClosureKind(subcategory: string): boolean {
  return findSubcategory(subcategory)?.closesPassage === true
}
