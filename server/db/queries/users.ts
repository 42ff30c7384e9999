// Users, wall tokens and the token-signing key.
import type { Role } from '../../../core/domain/issue-lifecycle.js'
import type { Sql } from '../client.js'

export interface UserRow {
  username: string
  display_name: string
  role: Role
  area_code: string
  phone: string | null
  password_hash: string
  token_version: number
  disabled: boolean
}

export interface NewUser {
  username: string
  displayName: string
  role: Role
  areaCode: string
  phone?: string | null
  passwordHash: string
  demo?: boolean
}

export async function selectUser(sql: Sql, username: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`
    SELECT username, display_name, role, area_code, phone, password_hash, token_version, disabled FROM users WHERE username = ${username}`
  return row
}

export async function userExists(sql: Sql, username: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM users WHERE username = ${username}`).length > 0
}

/** Creates or replaces users by username (the password too). */
export async function upsertUsers(sql: Sql, users: NewUser[]): Promise<void> {
  if (users.length === 0) return
  const rows = users.map((u) => ({
    username: u.username,
    display_name: u.displayName,
    role: u.role,
    area_code: u.areaCode,
    phone: u.phone ?? null,
    password_hash: u.passwordHash,
    demo: u.demo ?? false,
  }))
  await sql`INSERT INTO users ${sql(rows, 'username', 'display_name', 'role', 'area_code', 'phone', 'password_hash', 'demo')}
    ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
      area_code = excluded.area_code, phone = excluded.phone, password_hash = excluded.password_hash, demo = excluded.demo,
      -- A new password (a demo-password reset too) ends the sessions signed with the old one.
      token_version = users.token_version + CASE WHEN users.password_hash <> excluded.password_hash THEN 1 ELSE 0 END`
}

/** The demo accounts' usernames, if any were created. */
export async function selectDemoUsernames(sql: Sql): Promise<string[]> {
  const rows = await sql<{ username: string }[]>`SELECT username FROM users WHERE demo ORDER BY id`
  return rows.map((r) => r.username)
}

/** The stored signing key, drawing `candidate` as the key if none is stored yet (first start wins). */
export async function selectOrInsertSigningKey(sql: Sql, candidate: string): Promise<string> {
  await sql`INSERT INTO auth_keys (secret) VALUES (${candidate}) ON CONFLICT DO NOTHING`
  const [row] = await sql<{ secret: string }[]>`SELECT secret FROM auth_keys`
  return row.secret
}

export interface WallTokenRow {
  id: string
  label: string
  area_code: string
  expires_at: Date
  revoked_at: Date | null
}

export async function insertWallToken(
  sql: Sql,
  t: { label: string; areaCode: string; createdBy: string; expiresAt: Date },
): Promise<WallTokenRow> {
  const [row] = await sql<WallTokenRow[]>`
    INSERT INTO wall_tokens (label, area_code, created_by, expires_at)
    VALUES (${t.label}, ${t.areaCode}, ${t.createdBy}, ${t.expiresAt})
    RETURNING id, label, area_code, expires_at, revoked_at`
  return row
}

export async function selectWallTokens(sql: Sql): Promise<WallTokenRow[]> {
  return sql<WallTokenRow[]>`SELECT id, label, area_code, expires_at, revoked_at FROM wall_tokens ORDER BY created_at DESC`
}

/** True when the wall token exists and is not revoked. */
export async function isWallTokenActive(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM wall_tokens WHERE id = ${id} AND revoked_at IS NULL AND expires_at > now()`
  return rows.length > 0
}

export async function revokeWallToken(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`UPDATE wall_tokens SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`
  return rows.length > 0
}

/** The user's version of tokens, and whether they are disabled (checked on every signed-in request). */
export async function selectTokenState(sql: Sql, username: string): Promise<{ token_version: number; disabled: boolean } | undefined> {
  const [row] = await sql<{ token_version: number; disabled: boolean }[]>`SELECT token_version, disabled FROM users WHERE username = ${username}`
  return row
}

/** Ends every session of the user (their tokens so far stop working); false when there is no such user. */
export async function revokeUserSessions(sql: Sql, username: string): Promise<boolean> {
  return (await sql`UPDATE users SET token_version = token_version + 1 WHERE username = ${username} RETURNING 1`).length > 0
}

/** Disables or enables a user; disabling ends their sessions too. */
export async function setUserDisabled(sql: Sql, username: string, disabled: boolean): Promise<boolean> {
  const rows = await sql`UPDATE users SET disabled = ${disabled}, token_version = token_version + CASE WHEN ${disabled} THEN 1 ELSE 0 END
    WHERE username = ${username} RETURNING 1`
  return rows.length > 0
}

/** Sets a new password hash and ends the sessions signed with the old one. */
export async function setUserPassword(sql: Sql, username: string, passwordHash: string): Promise<boolean> {
  const rows = await sql`UPDATE users SET password_hash = ${passwordHash}, token_version = token_version + 1 WHERE username = ${username} RETURNING 1`
  return rows.length > 0
}

export interface UserListRow {
  username: string
  display_name: string
  role: Role
  area_code: string
  disabled: boolean
  demo: boolean
}

export async function selectUsers(sql: Sql): Promise<UserListRow[]> {
  return sql<UserListRow[]>`SELECT username, display_name, role, area_code, disabled, demo FROM users ORDER BY username`
}

/** Users whose role handles issues and who may log in: the candidates of a dispatch. */
export async function selectHandlers(sql: Sql, roles: readonly Role[]): Promise<{ username: string; display_name: string; role: Role; area_code: string }[]> {
  return sql`SELECT username, display_name, role, area_code FROM users WHERE role = ANY(${[...roles]}::text[]) AND NOT disabled ORDER BY username`
}
