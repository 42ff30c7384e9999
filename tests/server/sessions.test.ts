// Issue 15, "tokens cannot be revoked": a logout ends every token of the user and their live
// sockets; a new password or a disabled account ends them too; a fresh login works again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoUsers } from '../../server/auth/demo-users.js'
import type { Db } from '../../server/db/client.js'
import { revokeUserSessions, setUserDisabled, setUserPassword, selectUser } from '../../server/db/queries/users.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { connectClient, getJson, login, postJson } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

let db: Db
let app: ServedApp
beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db)
})
afterAll(async () => {
  await setUserDisabled(db.sql, 'planner', false)
  await app.close()
  await db.close()
})

const me = async (token: string) => (await getJson(app.url, '/api/me', token)).status

describe('sessions', () => {
  it('ends every token of the user at logout, and their live sockets', async () => {
    const first = await login(app.url, 'operator')
    const second = await login(app.url, 'operator')
    const client = connectClient(app.url, second)
    await client.replayDone
    const ended = new Promise((resolve) => client.socket.once('disconnect', resolve))
    expect((await postJson(app.url, '/api/logout', first, {})).status).toBe(204)
    expect(await me(first)).toBe(401)
    const refused = await getJson(app.url, '/api/me', second)
    expect(refused.status).toBe(401)
    expect(refused.body.error.message).toMatch(/session has ended/)
    expect(await ended).toBe('io server disconnect')
    client.close()
    expect(await me(await login(app.url, 'operator'))).toBe(200)
  })

  it('ends the live sockets of a session revoked elsewhere (the users CLI) within the recheck', async () => {
    process.env.SESSION_RECHECK_MS = '200'
    try {
      const token = await login(app.url, 'leader-520602002')
      const client = connectClient(app.url, token)
      await client.replayDone
      const ended = new Promise((resolve) => client.socket.once('disconnect', resolve))
      // As `npm run users -- revoke` does: the database only, no word to this process.
      await revokeUserSessions(db.sql, 'leader-520602002')
      expect(await ended).toBe('io server disconnect')
      client.close()
    } finally {
      delete process.env.SESSION_RECHECK_MS
    }
  })

  it('ends the sessions signed before a new password', async () => {
    const token = await login(app.url, 'admin')
    const { password_hash } = (await selectUser(db.sql, 'admin'))!
    await setUserPassword(db.sql, 'admin', password_hash) // the same hash: still a new password event
    expect(await me(token)).toBe(401)
    expect(await me(await login(app.url, 'admin'))).toBe(200)
  })

  it('keeps sessions across a restart with the same demo password, and ends them when it changes', async () => {
    const token = await login(app.url, 'worker')
    await createDemoUsers(db.sql, 'gridpulse-test')
    expect(await me(token)).toBe(200)
    await createDemoUsers(db.sql, 'another-password')
    expect(await me(token)).toBe(401)
    await createDemoUsers(db.sql, 'gridpulse-test')
    expect(await me(await login(app.url, 'worker'))).toBe(200)
  })

  it('lets a disabled user neither log in nor use a token they hold', async () => {
    const token = await login(app.url, 'planner')
    await setUserDisabled(db.sql, 'planner', true)
    expect(await me(token)).toBe(401)
    expect((await postJson(app.url, '/api/login', undefined, { username: 'planner', password: 'gridpulse-test' })).status).toBe(401)
    await setUserDisabled(db.sql, 'planner', false)
    expect(await me(await login(app.url, 'planner'))).toBe(200)
  })
})
