// The living demo: while the database holds only the synthetic demo, a gentle stream of work runs
// in the server process — a report every few seconds from the demo's world (its hotspots as they
// stand now), and the demo staff moving open issues on a step at a time — through the same intake
// and transitions as any user (placement, events, sockets), so the console, the wall and the
// figures move the moment someone logs in. It stops by itself once real areas are imported.
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { TERMINAL_STATUSES, type IssueStatus } from '../../core/domain/issue-lifecycle.js'
import { Rng } from '../../core/random.js'
import type { NewIssueRequest, SessionUser, TransitionRequest } from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { holdsOnlyDemoData } from '../db/queries/areas.js'
import { selectLastResolver } from '../db/queries/issue-events.js'
import { selectUser } from '../db/queries/users.js'
import { reportIssue, type IssueContext } from '../issues/report-issue.js'
import { transitionIssue } from '../issues/transition-issue.js'
import { CHECK_PHOTO, CHECK_PHOTO_SHA256, chooseNextStep, composeDemoReport, hotspotRate, type DemoWorld } from './demo-world.js'
import { loadDemoWorld } from './seed-issue-history.js'

export interface DemoActivityOptions {
  sql: Sql
  issues: IssueContext
  log: Logger
  /** Mean time between steps (default 3 s); each step is a report (40 %) or a move of an open issue. */
  periodMs?: number
}

export interface DemoActivity {
  /** Steps taken so far: reports and moves. */
  readonly counts: { reports: number; moves: number; failed: number }
  /** True once stopped: by stop(), or by itself when real areas appeared. */
  isStopped(): boolean
  stop(): Promise<void>
}

/** Starts the activity; null when the database holds real areas (or no demo world). */
export async function startDemoActivity(options: DemoActivityOptions): Promise<DemoActivity | null> {
  const { sql, log } = options
  if (!(await holdsOnlyDemoData(sql))) return null
  const world = await loadDemoWorld(sql)
  if (!world) return null
  const period = options.periodMs ?? 3000
  const rng = new Rng(Date.now() % 2 ** 31)
  const counts = { reports: 0, moves: 0, failed: 0 }
  // Read at each step (one indexed row every few seconds): an account disabled or changed meanwhile
  // is never acted as.
  const sessionOf = async (username: string): Promise<SessionUser | null> => {
    const u = await selectUser(sql, username)
    return u && !u.disabled ? { username: u.username, displayName: u.display_name, role: u.role, area: u.area_code } : null
  }
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const step = async () => {
    if (!(await holdsOnlyDemoData(sql))) {
      log.info('real areas imported: the demo activity stops')
      stopped = true
      return
    }
    if (rng.float() < 0.4) {
      await report(world, rng, options.issues, sessionOf)
      counts.reports++
    } else if (await move(world, rng, options.issues, sessionOf)) counts.moves++
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = step()
        .catch((err: unknown) => {
          counts.failed++
          log.warn({ err: (err as Error).message }, 'demo activity: a step failed')
        })
        .finally(schedule)
    }, period * rng.range(0.4, 1.6))
    timer.unref()
  }
  schedule()
  log.info({ periodMs: period }, 'demo activity started')
  return {
    counts,
    isStopped: () => stopped,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

type SessionOf = (username: string) => Promise<SessionUser | null>

/** A new report, from a hotspot in proportion to how hot it is now, else from anywhere. */
async function report(world: DemoWorld, rng: Rng, ctx: IssueContext, sessionOf: SessionOf): Promise<void> {
  const rates = world.hotspots.map((h) => hotspotRate(h, 1))
  const hotShare = rates.reduce((a, b) => a + b, 0) / 100
  const hotspot = rng.float() < hotShare ? world.hotspots[rng.weightedIndex(rates)] : undefined
  const r = composeDemoReport(world, rng, hotspot)
  const session = await sessionOf(r.reporter)
  if (!session) return
  const input: NewIssueRequest = {
    id: randomUUID(),
    category: r.subcategory.code,
    description: r.description,
    lon: r.lon,
    lat: r.lat,
    ...(r.hotline ? { source: 'hotline' as const, callerName: r.callerName!, callerPhone: r.callerPhone! } : {}),
  }
  await reportIssue(ctx, session, input, [])
}

/** One step on an open issue: most often one reported in the last two hours, so the new pins visibly move on. */
async function move(world: DemoWorld, rng: Rng, ctx: IssueContext, sessionOf: SessionOf): Promise<boolean> {
  const recentFirst = rng.float() < 0.6
  const [issue] = await ctx.sql<{ id: string; status: IssueStatus; category: string; source: 'field' | 'hotline'; reporter: string; assignee: string | null; grid_code: string | null; reporter_role: string }[]>`
    SELECT id, status, category, source, reporter, assignee, grid_code,
      (SELECT role FROM users WHERE username = issues.reporter) AS reporter_role
    FROM issues
    WHERE status <> ALL(${[...TERMINAL_STATUSES]}::text[])
      AND (${!recentFirst} OR reported_at > now() - interval '2 hours')
    ORDER BY random() LIMIT 1`
  if (!issue) return false
  const resolver = (await selectLastResolver(ctx.sql, issue.id)) ?? null
  const step = chooseNextStep(world, rng, { status: issue.status, category: issue.category, source: issue.source, reporter: issue.reporter, assignee: issue.assignee, gridCode: issue.grid_code, resolver, reporterIsGridWorker: issue.reporter_role === 'grid_worker' })
  if (!step) return false
  const session = await sessionOf(step.actor)
  if (!session) return false
  const req: TransitionRequest = { action: step.action, ...(step.note ? { note: step.note } : {}) }
  if (step.assignee) req.assignee = step.assignee
  if (step.department) req.department = step.department
  if (step.rating) req.rating = step.rating
  const photos = step.action === 'verify' ? [{ sha256: CHECK_PHOTO_SHA256, mime: 'image/png', data: CHECK_PHOTO }] : []
  await transitionIssue(ctx, session, issue.id, req, photos)
  return true
}
