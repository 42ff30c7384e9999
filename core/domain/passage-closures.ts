// Live closures: an open issue of a kind that blocks passage (道路施工围挡, 道路塌陷, 道路积水 —
// the taxonomy marks them `closesPassage`), or any open issue an operator marked as blocking passage
// (a missing manhole cover fenced off, a gas leak's cordon, a crowd barrier), takes the walking network's edges near its place out
// of every walk while it is open; closing it (or rejecting or merging it) gives them back, and so does
// taking the mark off.
//
// The mark is not a step of the lifecycle: it is a `passage` event in the log (who, when, why) that
// keeps the status and the stage's clock as they were, and the figures do not count it
// (core/domain/issue-contribution.ts).
//
// "Near" is CLOSURE_METERS from the reported point to the edge's line. A worker's phone places a
// report within a few metres to tens of metres; 20 m closes the street the report stands on (and, at a
// junction, the junction's arms), not the parallel street a block away (the demo's blocks are
// 150–300 m across). A hoarding that closes a longer run of street is reported as more than one issue.
import { isOpenStatus, type IssueStatus, type Role } from './issue-lifecycle.js'
import { findSubcategory, ISSUE_CATEGORIES } from './issue-taxonomy.js'

/** Metres from a closure's reported point within which an edge of the walking network is closed. */
export const CLOSURE_METERS = 20

/** The sub-category codes whose open issues close the way to walkers. */
export const CLOSURE_KINDS: readonly string[] = ISSUE_CATEGORIES.flatMap((c) => c.subcategories.filter((s) => s.closesPassage).map((s) => s.code))

/** The log's event type of marking an issue as blocking passage, or taking the mark off. */
export const PASSAGE_EVENT = 'passage'

/** The roles that may mark an issue as blocking passage: those who watch and handle issues, not the field's phones. */
export const PASSAGE_MARKERS: readonly Role[] = ['admin', 'operator', 'street_leader', 'community_leader']

/**
 * Whether an issue as it stands closes the walking network near it.
 *
 * @example
 * closesPassage({ subcategory: 'municipal.road_collapse', status: 'dispatched' }) // true
 * closesPassage({ subcategory: 'municipal.road_collapse', status: 'closed' }) // false
 * closesPassage({ subcategory: 'municipal.manhole', status: 'accepted', blocksPassage: true }) // true
 */
export function closesPassage(issue: { subcategory: string; status: IssueStatus; blocksPassage?: boolean }): boolean {
  return (isClosureKind(issue.subcategory) || issue.blocksPassage === true) && isOpenStatus(issue.status)
}

/** Why the passage mark of an issue may not be set to `blocks` now, or undefined when it may. */
export function checkPassageMark(
  issue: { subcategory: string; status: IssueStatus; blocksPassage?: boolean },
  role: Role,
  blocks: boolean,
): { status: 'forbidden' | 'conflict'; message: string } | undefined {
  if (!PASSAGE_MARKERS.includes(role)) return { status: 'forbidden', message: `a ${role} may not mark an issue as blocking passage` }
  if (!isOpenStatus(issue.status)) return { status: 'conflict', message: `blocksPassage: the issue is ${issue.status}; only an open issue blocks passage` }
  if (isClosureKind(issue.subcategory)) {
    return { status: 'conflict', message: `blocksPassage: a ${issue.subcategory} issue blocks passage by its kind while it is open` }
  }
  if ((issue.blocksPassage === true) === blocks) {
    return { status: 'conflict', message: `blocksPassage: the issue is already marked ${blocks ? 'as blocking' : 'as not blocking'} passage` }
  }
  return undefined
}

/** Whether issues of this sub-category close the way while open. */
export function isClosureKind(subcategory: string): boolean {
  return findSubcategory(subcategory)?.closesPassage === true
}
