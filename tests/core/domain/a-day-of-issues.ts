// A day of issues worked by hand, shared by the figures' and the evaluation pack's tests: three
// issues of 1 December (one closed in time with a good rating, one reworked and late, one still open
// and overdue) and one from the day before rated that day.
import type { EvaluationEvent, EvaluationIssue } from '../../../core/domain/evaluation-indicators.js'

export const t = (hhmm: string, day = '2026-12-01') => new Date(`${day}T${hhmm}:00+08:00`)
export const from = t('00:00')
export const to = t('23:59')
export const now = t('18:00')

export const issues: EvaluationIssue[] = [
  { id: 'a', status: 'closed', colour: 'red', reportedAt: t('08:00'), streetCode: 'S1', communityCode: 'S1C1', gridCode: 'S1C1G1', department: null, dueAt: null, reporter: 'w1', stageStartedAt: t('12:05') },
  { id: 'b', status: 'dispatched', colour: 'yellow', reportedAt: t('09:00'), streetCode: 'S1', communityCode: 'S1C1', gridCode: 'S1C1G2', department: '城管局', dueAt: t('23:00', '2026-12-06'), reporter: 'w1', stageStartedAt: t('16:00') },
  { id: 'c', status: 'reported', colour: 'red', reportedAt: t('10:00'), streetCode: 'S2', communityCode: 'S2C1', gridCode: 'S2C1G1', department: null, dueAt: t('10:30'), reporter: 'w2', stageStartedAt: t('10:00') },
  { id: 'old', status: 'closed', colour: 'blue', reportedAt: t('10:00', '2026-11-30'), streetCode: 'S2', communityCode: 'S2C1', gridCode: 'S2C1G1', department: null, dueAt: null, reporter: 'w2', stageStartedAt: t('09:00') },
]
const ev = (issueId: string, type: string, fromStatus: EvaluationEvent['fromStatus'], toStatus: EvaluationEvent['toStatus'], at: Date, actor: string, actorRole: string, rating?: number): EvaluationEvent => ({ issueId, type, fromStatus, toStatus, at, rating, actor, actorRole })
export const events: EvaluationEvent[] = [
  // a: accepted in 10 min (limit 30), dispatched in 20 (60), resolved in 2 h (24 h), verified, replied, rated 5, closed.
  ev('a', 'report', null, 'reported', t('08:00'), 'w1', 'grid_worker'),
  ev('a', 'accept', 'reported', 'accepted', t('08:10'), 'op', 'operator'),
  ev('a', 'dispatch', 'accepted', 'dispatched', t('08:30'), 'op', 'operator'),
  ev('a', 'resolve', 'dispatched', 'resolved', t('10:30'), 'h1', 'street_leader'),
  ev('a', 'verify', 'resolved', 'verified', t('11:00'), 'w1', 'grid_worker'),
  ev('a', 'reply', 'verified', 'replied', t('11:30'), 'op', 'operator'),
  ev('a', 'rate', 'replied', 'rated', t('12:00'), 'op', 'operator', 5),
  ev('a', 'close', 'rated', 'closed', t('12:05'), 'op', 'operator'),
  // b (yellow): accepted after 3 h (limit 2 h: late), dispatched, resolved, sent back (rework), dispatched again.
  ev('b', 'report', null, 'reported', t('09:00'), 'w1', 'grid_worker'),
  ev('b', 'accept', 'reported', 'accepted', t('12:00'), 'op', 'operator'),
  ev('b', 'dispatch', 'accepted', 'dispatched', t('12:30'), 'op', 'operator'),
  ev('b', 'resolve', 'dispatched', 'resolved', t('15:00'), 'h2', 'community_leader'),
  ev('b', 'rework', 'resolved', 'dispatched', t('16:00'), 'w1', 'grid_worker'),
  // c: reported, nothing since (overdue at 10:30).
  ev('c', 'report', null, 'reported', t('10:00'), 'w2', 'grid_worker'),
  // old: rated 2 today.
  ev('old', 'report', null, 'reported', t('10:00', '2026-11-30'), 'w2', 'grid_worker'),
  ev('old', 'rate', 'replied', 'rated', t('09:00'), 'op', 'operator', 2),
]
