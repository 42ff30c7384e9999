// `npm run rollups -- grids` as an operator runs it after upgrading a database that had events before
// the grids' day rows (migration 0027): the rows filled from the log and marked whole, and a clear
// one-line error for a bad command (the fill itself against the job's rows: tests/server/issue-figures.test.ts).
import { spawnSync } from 'node:child_process'
import { describe, expect, it, inject } from 'vitest'
import { DEFAULT_TIME_ZONE } from '../../core/domain/city-time.js'
import { connectTestDb } from '../server/test-db.js'

function rollups(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/rollups.ts', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeout: 120_000 })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('npm run rollups', () => {
  it("fills the grids' day rows and marks them whole from the beginning", async () => {
    // Connected only between the runs: the embedded engine's socket takes one session at a time.
    const state = async () => {
      const db = await connectTestDb()
      try {
        const [row] = await db.sql<{ whole: boolean | null; issues: number }[]>`
          SELECT (SELECT grids_from = '-infinity' FROM issue_figure_rollup) AS whole, (SELECT count(*)::int FROM issues WHERE grid_code IS NOT NULL) AS issues`
        return row
      } finally {
        await db.close()
      }
    }
    // As migration 0027 leaves a database that had events: the grid rows whole only from the next hour on
    // (a grid's figures then come from its issues, the same answers: a test beside this one sees no change).
    const db = await connectTestDb()
    try {
      await db.sql`
        INSERT INTO issue_figure_rollup (rolled_up_seq, time_zone, grids_from) VALUES (0, ${DEFAULT_TIME_ZONE}, date_trunc('hour', now()) + interval '1 hour')
        ON CONFLICT (id) DO UPDATE SET grids_from = EXCLUDED.grids_from`
    } finally {
      await db.close()
    }
    expect((await state()).whole).toBe(false)
    const r = rollups('grids')
    expect(r.status, r.out).toBe(0)
    const filled = /filled (\d+) grid day rows from (\d+) issues/.exec(r.out)
    expect(filled, r.out).not.toBeNull()
    const after = await state()
    expect(after.whole).toBe(true)
    // Every issue in a grid read (the test database may gain reports meanwhile, never lose them).
    expect(Number(filled![2])).toBeLessThanOrEqual(after.issues)
  })

  it('says what is wrong in one line, with exit code 2', () => {
    for (const [args, message] of [
      [[], /which rollups\? grids/],
      [['weeks'], /unknown command weeks/],
      [['grids', 'again'], /unknown command grids again/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
    ] as const) {
      const r = rollups(...args)
      expect(r.status, r.out).toBe(2)
      expect(r.out).toMatch(message)
      expect(r.out).not.toMatch(/\n\s+at /)
    }
  })
})
