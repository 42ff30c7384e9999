// Who may see which issue, as Socket.IO rooms: every issue lies in the rooms of its areas
// (grid, community, street, district), of its reporter and assignee, and in `all`; a session
// joins exactly one room, so a REST read and a socket see the same issues.
import type { Role } from './issue-lifecycle.js'

/** Roles that see the whole district (and reports that fell outside it). */
export const DISTRICT_WIDE_ROLES: readonly (Role | 'wall')[] = ['admin', 'operator', 'planner']

/** Roles that see reporters' and callers' phone numbers unmasked: they call people back. */
export const PERSONAL_DATA_ROLES: readonly (Role | 'wall')[] = ['admin', 'operator']

export interface ScopedIssue {
  gridCode: string | null
  communityCode: string | null
  streetCode: string | null
  districtCode: string | null
  reporter: string
  assignee: string | null
}

export interface Session {
  username: string
  role: Role | 'wall'
  area: string
}

/** The rooms an issue's events go to. */
export function getIssueRooms(issue: ScopedIssue): string[] {
  const rooms = ['all']
  for (const code of [issue.districtCode, issue.streetCode, issue.communityCode, issue.gridCode]) {
    if (code) rooms.push(`area:${code}`)
  }
  rooms.push(`user:${issue.reporter}`)
  if (issue.assignee && issue.assignee !== issue.reporter) rooms.push(`user:${issue.assignee}`)
  return rooms
}

/** The one room a session joins: the district-wide roles `all`, grid workers their own, others their area. */
export function getSessionRoom(session: Session): string {
  if (DISTRICT_WIDE_ROLES.includes(session.role)) return 'all'
  if (session.role === 'grid_worker') return `user:${session.username}`
  return `area:${session.area}`
}

/** True when the session may see the issue. */
export function canSeeIssue(session: Session, issue: ScopedIssue): boolean {
  return getIssueRooms(issue).includes(getSessionRoom(session))
}

/** A phone as 138****1234: the first three and last four digits only. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}

/** The phone as the role may see it: whole for those who call back, masked for everyone else. */
export function maskPhoneFor(role: Role | 'wall', phone: string | null): string | null {
  return PERSONAL_DATA_ROLES.includes(role) ? phone : maskPhone(phone)
}

/** Someone an issue may be dispatched to. */
export interface Assignee {
  username: string
  role: Role
  area: string
}

/** Roles that handle (resolve) issues: a dispatch goes to one of them. */
export const HANDLER_ROLES: readonly Role[] = ['admin', 'operator', 'street_leader', 'community_leader', 'grid_worker']

/**
 * Whether an issue may be dispatched to the user: their role handles issues, and their area holds
 * the issue (district-wide roles hold every one; a leader their area; a grid worker their grid).
 * @example mayBeAssigned({ username: 'w', role: 'grid_worker', area: '520602007001-G01' }, issue) // true in that grid
 */
export function mayBeAssigned(user: Assignee, issue: ScopedIssue): boolean {
  if (!HANDLER_ROLES.includes(user.role)) return false
  if (DISTRICT_WIDE_ROLES.includes(user.role)) return true
  return [issue.districtCode, issue.streetCode, issue.communityCode, issue.gridCode].includes(user.area)
}
