// Logging in and checking tokens: passwords against scrypt hashes, tokens signed with
// AUTH_SECRET (or a key drawn once and kept in the database, so every process shares it),
// wall tokens checked against their revocation on every use.
import { randomBytes } from 'node:crypto'
import type { LoginResponse, SessionUser } from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { insertWallToken, isWallTokenActive, revokeUserSessions, selectOrInsertSigningKey, selectTokenState, selectUser } from '../db/queries/users.js'
import { verifyPassword } from './passwords.js'
import { createTokenSigner, InvalidTokenError, type TokenClaims } from './tokens.js'

export interface AuthOptions {
  sql: Sql
  /** AUTH_SECRET; unset: the database's key. */
  secret?: string
  tokenTtlHours: number
  now?: () => Date
}

export class LoginFailed extends Error {}

export async function createAuthService({ sql, secret, tokenTtlHours, now = () => new Date() }: AuthOptions) {
  const key = secret ?? (await selectOrInsertSigningKey(sql, randomBytes(32).toString('hex')))
  const signer = createTokenSigner(key)

  return {
    /** A token for the user; LoginFailed (one message for unknown user and wrong password). */
    async login(username: string, password: string): Promise<LoginResponse> {
      const user = await selectUser(sql, username)
      // Hash anyway for an unknown user, so timing does not tell which usernames exist.
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      // A disabled user gets the same answer as a wrong password: nothing to learn from it.
      if (!user || !ok || user.disabled) throw new LoginFailed('wrong username or password')
      const session: SessionUser = { username: user.username, displayName: user.display_name, role: user.role, area: user.area_code }
      const expiresAt = new Date(now().getTime() + tokenTtlHours * 3600_000)
      return { token: await signer.sign({ ...session, version: user.token_version }, expiresAt), expiresAt: expiresAt.toISOString(), user: session }
    },
    /** The session of a valid token; InvalidTokenError otherwise (also for a revoked wall token). */
    async authenticate(token: string): Promise<SessionUser> {
      return toSession(await this.verify(token))
    },
    /** The token's claims, with its expiry and wall-token id (the socket layer needs both). */
    async verify(token: string): Promise<TokenClaims> {
      const claims = await signer.verify(token, now())
      if (claims.role === 'wall') {
        if (!(claims.wallTokenId && (await isWallTokenActive(sql, claims.wallTokenId)))) throw new InvalidTokenError('wall token has been revoked')
        return claims
      }
      // A logout, a new password or an administrator ends a user's earlier tokens; a disabled user has none.
      const state = await selectTokenState(sql, claims.username)
      if (!state || state.disabled || state.token_version !== (claims.version ?? 0)) throw new InvalidTokenError('session has ended: log in again')
      return claims
    },
    /** Ends every session of the user (POST /api/logout, an administrator). */
    revokeSessions: (username: string) => revokeUserSessions(sql, username),
    /** A read-only token for a wall screen, scoped to an area. */
    async createWallToken(t: { label: string; areaCode: string; createdBy: string; days: number }) {
      const expiresAt = new Date(now().getTime() + t.days * 86400_000)
      const row = await insertWallToken(sql, { ...t, expiresAt })
      const token = await signer.sign(
        { username: `wall-${row.id.slice(0, 8)}`, displayName: t.label, role: 'wall', area: t.areaCode, wallTokenId: row.id },
        expiresAt,
      )
      return { id: row.id, token, expiresAt: expiresAt.toISOString() }
    },
    signer,
  }
}

/** The session part of verified claims. */
export function toSession(claims: TokenClaims): SessionUser {
  return { username: claims.username, displayName: claims.displayName, role: claims.role, area: claims.area }
}

// A valid hash of a random password, checked when the username is unknown.
const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8='

export type AuthService = Awaited<ReturnType<typeof createAuthService>>
export { InvalidTokenError }
