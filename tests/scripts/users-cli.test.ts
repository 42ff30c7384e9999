// `npm run users` as an administrator runs it (issue 15: "user administration without SQL"):
// add, list, disable and enable, reset a password, unlock, revoke — and a clear one-line error
// with exit code 2 for a bad role, an unknown area or an unknown user.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it, inject } from 'vitest'
import { connectTestDb } from '../server/test-db.js'

function users(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/users.ts', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeout: 60_000 })
  return { status: r.status, out: r.stdout + r.stderr }
}

afterAll(async () => {
  const db = await connectTestDb()
  await db.sql`DELETE FROM login_failures WHERE username = 'cli-worker'`
  await db.sql`DELETE FROM users WHERE username = 'cli-worker'`
  await db.close()
})

describe('npm run users', () => {
  it('adds a user who can then log in, and lists them', () => {
    const added = users('add', 'cli-worker', '--role', 'grid_worker', '--area', '520602007', '--display-name', '命令行网格员', '--password', 'cli-password-1')
    expect(added.status, added.out).toBe(0)
    expect(added.out).toMatch(/added cli-worker \(grid_worker, 520602007\)/)
    expect(added.out).not.toMatch(/cli-password-1/)
    const listed = users('list')
    expect(listed.out).toMatch(/cli-worker\s+grid_worker\s+520602007\s+active/)
    expect(users('add', 'cli-worker', '--role', 'grid_worker', '--area', '520602007').out).toMatch(/exists already/)
  })

  it('disables, enables, resets the password, unlocks and revokes', () => {
    expect(users('disable', 'cli-worker').out).toMatch(/disabled cli-worker/)
    expect(users('list').out).toMatch(/cli-worker\s+grid_worker\s+520602007\s+disabled/)
    expect(users('enable', 'cli-worker').out).toMatch(/enabled cli-worker/)
    const reset = users('reset-password', 'cli-worker')
    expect(reset.status).toBe(0)
    expect(reset.out).toMatch(/new password for cli-worker: \S{8,}; every session ended/)
    expect(users('unlock', 'cli-worker').out).toMatch(/unlocked cli-worker \(\d+ failed-login counts cleared\)/)
    expect(users('revoke', 'cli-worker').out).toMatch(/ended every session of cli-worker/)
  })

  it('issues an Open311 integration its key, renews it and revokes it', async () => {
    const issued = users('api-key', 'cli-open311', '--area', '520602007', '--per-minute', '30')
    expect(issued.status, issued.out).toBe(0)
    const key = /\n(gp311_\S+)/.exec(issued.out)?.[1]
    expect(issued.out).toMatch(/Open311 key of cli-open311 \(520602007, 30 requests a minute\)/)
    expect(key).toBeDefined()
    expect(users('api-keys').out).toMatch(/cli-open311\s+520602007\s+30\/min\s+\S+ in use/)
    // Its user is nobody's login: disabled, an operator of its area.
    expect(users('list').out).toMatch(/cli-open311\s+operator\s+520602007\s+disabled/)
    // Renewed: a new key; then revoked. (The database is read after the CLI's runs: the embedded
    // engine takes one connection at a time.)
    const renewed = /\n(gp311_\S+)/.exec(users('api-key', 'cli-open311', '--area', '520602007').out)?.[1]
    expect(renewed).toBeDefined()
    expect(renewed).not.toBe(key)
    expect(users('api-key', 'cli-open311', '--revoke').out).toMatch(/revoked the Open311 key of cli-open311/)
    expect(users('api-keys').out).toMatch(/cli-open311\s+520602007\s+60\/min\s+\S+ revoked/)
    const db = await connectTestDb()
    try {
      const { selectOpen311Key } = await import('../../server/db/queries/open311.js')
      const { createHash } = await import('node:crypto')
      const sha = (k: string) => createHash('sha256').update(k).digest('hex')
      // Only the sha256 of the key is kept; the renewed one replaced the first.
      expect(await selectOpen311Key(db.sql, sha(key!))).toBeUndefined()
      expect(await selectOpen311Key(db.sql, sha(renewed!))).toMatchObject({ name: 'cli-open311', area_code: '520602007', per_minute: 60, revoked_at: expect.any(Date) })
      const [stored] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM open311_keys WHERE key_sha256 = ${renewed!} OR key_sha256 = ${key!}`
      expect(stored.n).toBe(0)
    } finally {
      await db.close()
    }
    // A person's account is not taken over.
    const taken = users('api-key', 'operator', '--area', '520602')
    expect(taken.status).toBe(2)
    expect(taken.out).toMatch(/a person's account/)
  })

  it('says what is wrong in one line, with exit code 2', () => {
    for (const [args, message] of [
      [['add', 'x-user', '--role', 'king', '--area', '520602'], /--role must be one of/],
      [['add', 'x-user', '--role', 'planner', '--area', '999999'], /--area: no area 999999/],
      [['disable', 'nobody-here'], /no user nobody-here/],
      [['frobnicate', 'x'], /unknown command frobnicate/],
      [['api-key', 'x-app', '--area', '999999'], /--area: no area 999999/],
      [['api-key', 'x-app', '--area', '520602', '--per-minute', '0'], /--per-minute: a whole number/],
      [['api-key', 'x-app', '--revoke'], /x-app has no key in use/],
      [['disable', 'a\u0001b'], /NAME: contains control characters/],
      [[], /a command is required/],
    ] as const) {
      const r = users(...args)
      expect(r.status, r.out).toBe(2)
      expect(r.out).toMatch(message)
      expect(r.out).not.toMatch(/\n\s+at /)
    }
  })
})
