// A point against one segment of the walking network's R-tree (build-walk-network.ts): where along
// the segment the point's foot lies, and how far the point is from it. Shared by the snapping rule and
// the closures.
import type { WalkNetwork } from '../build-walk-network.js'

type Segments = WalkNetwork['segments']

/** The share (0–1) of segment s at the point nearest to (px, py), in the network's local metres. */
export function footOnSegment(seg: Segments, s: number, px: number, py: number): number {
  const dx = seg.x1[s] - seg.x0[s]
  const dy = seg.y1[s] - seg.y0[s]
  const len2 = dx * dx + dy * dy
  return len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - seg.x0[s]) * dx + (py - seg.y0[s]) * dy) / len2))
}

/** Metres from (px, py) to the point `t` of the way along segment s. */
export function metersToSegmentAt(seg: Segments, s: number, t: number, px: number, py: number): number {
  return Math.hypot(seg.x0[s] + t * (seg.x1[s] - seg.x0[s]) - px, seg.y0[s] + t * (seg.y1[s] - seg.y0[s]) - py)
}
