// Login limits through the API (issue 15): a made-up X-Forwarded-For changes nothing unless
// TRUST_PROXY names the proxy; behind a trusted proxy, guessing from many addresses is slowed per
// account, and the owner from their own address gets in within seconds; `users unlock` clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/client.js'
import { unlockUsername } from '../../server/db/queries/login-failures.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { connectTestDb } from './test-db.js'

let db: Db
const apps: ServedApp[] = []
beforeAll(async () => {
  db = await connectTestDb()
})
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()))
  await db.sql`DELETE FROM login_failures`
  await db.close()
})

async function serve(trustProxy: false | string[]) {
  const app = await serveOnLoopback(db, { loginAttempts: 5, trustProxy })
  apps.push(app)
  return app
}

async function login(url: string, username: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
    body: JSON.stringify({ username, password }),
  })
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), body: (await res.json()) as { error?: { message: string } } }
}

describe('login limits', () => {
  it('ignores a made-up X-Forwarded-For when no proxy is trusted', async () => {
    const app = await serve(false)
    for (let i = 1; i <= 5; i++) expect((await login(app.url, 'operator', 'wrong-password', `198.51.100.${i}`)).status).toBe(401)
    const sixth = await login(app.url, 'operator', 'wrong-password', '198.51.100.99')
    expect(sixth.status).toBe(429)
    expect(sixth.body.error?.message).toMatch(/from this address/)
    // The right password from "another" forged address is refused as well: it is the same client.
    expect((await login(app.url, 'operator', 'gridpulse-test', '203.0.113.7')).status).toBe(429)
    expect(await unlockUsername(db.sql, 'operator')).toBe(2)
    expect((await login(app.url, 'operator', 'gridpulse-test')).status).toBe(200)
  })

  it('behind a trusted proxy, slows guessing from many addresses and lets the owner in within seconds', async () => {
    const app = await serve(['loopback'])
    for (let i = 1; i <= 5; i++) expect((await login(app.url, 'planner', 'wrong-password', `198.51.100.${i}`)).status).toBe(401)
    // A sixth address, at once: the account is slowed, not the address.
    const guess = await login(app.url, 'planner', 'wrong-password', '198.51.100.6')
    expect(guess.status).toBe(429)
    expect(guess.body.error?.message).toMatch(/for this account/)
    expect(guess.retryAfter).toBeGreaterThanOrEqual(1)
    expect(guess.retryAfter).toBeLessThanOrEqual(60)
    // The owner, from their own address, after the short wait.
    await new Promise((r) => setTimeout(r, guess.retryAfter * 1000 + 100))
    expect((await login(app.url, 'planner', 'gridpulse-test', '192.0.2.10')).status).toBe(200)
    // A success clears the account's count: the next wrong password is a plain 401.
    expect((await login(app.url, 'planner', 'wrong-password', '198.51.100.7')).status).toBe(401)
    await unlockUsername(db.sql, 'planner')
  })
})
