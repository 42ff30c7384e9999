// The scripts' HTTP client of a running GridPulse server: a JSON call with an optional Bearer
// token, and a login. Shared by the simulator, the wall-token CLI, the screenshots and benches.
import type { LoginResponse } from '../../core/wire/issues.js'
import { randomBytes } from 'node:crypto'
import { hashPassword } from '../../server/auth/passwords.js'
import type { Sql } from '../../server/db/client.js'
import { selectTokenState, upsertUsers, userExists } from '../../server/db/queries/users.js'

export interface ApiAnswer<T> {
  status: number
  body: T
}

/** Calls `path` on `base`; a string body is sent as JSON, FormData as multipart. */
export async function callApi<T>(base: string | URL, path: string, init: RequestInit & { token?: string } = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) }
  if (typeof init.body === 'string') headers['Content-Type'] = 'application/json'
  const res = await fetch(new URL(path, base), { ...init, headers })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

/** Logs in; throws with the status when the server says no. */
export async function loginAs(base: string | URL, username: string, password: string): Promise<LoginResponse> {
  const res = await callApi<LoginResponse>(base, '/api/login', { method: 'POST', body: JSON.stringify({ username, password }) })
  if (res.status !== 200) throw new Error(`cannot log in as ${username} (${res.status}): check --password`)
  return res.body
}

/**
 * A planner's session for benchmarks on a database without demo accounts (the planning endpoints
 * and the /plan page need a signed-in planning role): the user `bench-planner` is created with a
 * random password if missing, and the token signed by the server's own key at its token version.
 */
export async function signPlannerSession(
  auth: { signer: { sign(claims: { username: string; displayName: string; role: 'planner'; area: string; version: number }, expiresAt: Date): Promise<string> } },
  sql: Sql,
  username = 'bench-planner',
) {
  const user = { username, displayName: 'bench', role: 'planner' as const, area: '520602' }
  if (!(await userExists(sql, user.username))) {
    await upsertUsers(sql, [{ username: user.username, displayName: user.displayName, role: user.role, areaCode: user.area, passwordHash: await hashPassword(randomBytes(16).toString('hex')) }])
  }
  const version = (await selectTokenState(sql, user.username))?.token_version ?? 0
  const expiresAt = new Date(Date.now() + 3600_000)
  return { token: await auth.signer.sign({ ...user, version }, expiresAt), expiresAt: expiresAt.toISOString(), user }
}
