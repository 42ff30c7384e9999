// `npm run archive` as an operator runs it: the months listed with the rule's verdict and nothing
// changed without --apply, and a clear one-line error for a bad flag, a bad month or no archive
// (the archive and restore themselves: tests/server/issue-months.test.ts).
import { spawnSync } from 'node:child_process'
import { describe, expect, it, inject } from 'vitest'
import { connectTestDb } from '../server/test-db.js'

function archive(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/archive.ts', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeout: 60_000 })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('npm run archive', () => {
  it('lists every month with what the rule says of it, and changes nothing', async () => {
    // Connected only between the runs: the embedded engine's socket takes one session at a time.
    const months = async () => {
      const db = await connectTestDb()
      try {
        return (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'issues'::regclass`)[0].n
      } finally {
        await db.close()
      }
    }
    const before = await months()
    const r = archive()
    expect(r.status, r.out).toBe(0)
    const lines = r.out.split('\n').filter((l) => /^\d{4}-\d{2}\s/.test(l))
    expect(lines.length).toBe(before)
    for (const l of lines) expect(l).toMatch(/issues\s+\d+ events\s+(kept: .+|to archive \(run with --apply\))$/)
    expect(await months()).toBe(before)
  })

  it('says what is wrong in one line: exit 2 for a bad flag or month, 1 for no such archive', () => {
    for (const [args, status, message] of [
      [['--keep-months', '2'], 2, /--keep-months: a whole number of months from 3 to 120, not 2/],
      [['restore', '2025-13'], 2, /restore: which month\? YYYY-MM/],
      [['frobnicate'], 2, /unknown command frobnicate/],
      [['restore', '2001-01', '--dir', '/nonexistent-archive'], 1, /no archive of 2001-01 in \/nonexistent-archive/],
    ] as const) {
      const r = archive(...args)
      expect(r.status, r.out).toBe(status)
      expect(r.out).toMatch(message)
      expect(r.out).not.toMatch(/\n\s+at /)
    }
  })
})
