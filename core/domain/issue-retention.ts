// When a month of issues may leave the database for the archive (`npm run archive`; migration 0018
// keeps each month's issues and their whole logs in a table of their own). A month is archived whole
// or not at all, and only once nothing in it can change or be asked for live any more:
// - it ended at least `keepMonths` whole months ago (months are UTC calendar months);
// - every issue in it is finished (closed, rejected or merged), and the last change to any of them
//   is `keepMonths` months old: an issue reported long ago and closed last week keeps its month, so
//   its timeline stays whole while it can still be looked at as a recent case;
// - its figures are in the rollups (its last event's seq is at or below the rollups' seq), so every
//   figure and hotspot of its days reads the same after it has gone (server/issues/read-figures.ts
//   reads rollups for whole past days).
// The default keeps 13 months: this month last year stays, for a year-on-year comparison.

export const DEFAULT_KEEP_MONTHS = 13

export interface MonthState {
  /** 'YYYY-MM' */
  month: string
  /** The month's end (exclusive). */
  to: Date
  issues: number
  unfinished: number
  lastUpdatedAt: Date | null
  lastSeq: number
}

export type RetentionVerdict = { archivable: true } | { archivable: false; reason: string }

/** The instant `months` calendar months (UTC) before `at`. */
export function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - months)
  // The same day of the month, or the month's last day when it has fewer (31 March − 1 month = 28/29 February).
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d
}

export function judgeMonth(m: MonthState, o: { keepMonths: number; now: Date; rolledUpSeq: number }): RetentionVerdict {
  if (!Number.isInteger(o.keepMonths) || o.keepMonths < 1) throw new RangeError(`keepMonths must be a whole number of months ≥ 1, not ${o.keepMonths}`)
  const cutoff = monthsBefore(o.now, o.keepMonths)
  if (m.to.getTime() > cutoff.getTime()) return { archivable: false, reason: `ended less than ${o.keepMonths} months ago` }
  if (m.unfinished > 0) return { archivable: false, reason: `${m.unfinished} of its issues are not finished` }
  if (m.lastUpdatedAt && m.lastUpdatedAt.getTime() > cutoff.getTime()) {
    return { archivable: false, reason: `an issue changed ${m.lastUpdatedAt.toISOString()}, less than ${o.keepMonths} months ago` }
  }
  if (m.lastSeq > o.rolledUpSeq) return { archivable: false, reason: `its events after seq ${o.rolledUpSeq} are not in the figures' rollups yet` }
  return { archivable: true }
}
