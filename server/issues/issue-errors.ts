// What the issue services refuse, in the domain's words; server/app.ts maps each kind to its HTTP
// status in one place, so the services never speak HTTP.
export type IssueErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'archived'

export class IssueError extends Error {
  constructor(
    readonly kind: IssueErrorKind,
    message: string,
    readonly field?: string,
    /** Extra fields of the answer's body (a refused transition's status and allowed actions). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

/** The HTTP status of each kind. */
export const ISSUE_ERROR_STATUS: Record<IssueErrorKind, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, archived: 410 }
