// Signed, expiring session tokens (HS256 JWTs with jose): a user's role and area, or a wall
// screen's read-only scope. The server trusts nothing else about who is asking.
import { errors, jwtVerify, SignJWT } from 'jose'
import { ROLES, type Role } from '../../core/domain/issue-lifecycle.js'
import type { SessionUser } from '../../core/wire/issues.js'

export interface TokenClaims extends SessionUser {
  /** Wall tokens carry their row id, so they can be revoked. */
  wallTokenId?: string
  /** The user's token version when signed: a later version (logout, password change) ends it. */
  version?: number
  /** When the token stops being valid (set on verified tokens). */
  expiresAt?: Date
}

export class InvalidTokenError extends Error {}

const ISSUER = 'gridpulse'
/** Tokens whose signature was checked, kept so a client's every request does not check it again. */
const VERIFIED_CACHE_SIZE = 1000

export function createTokenSigner(secret: string) {
  const verified = new Map<string, TokenClaims>()
  // Imported once: jose would import raw key bytes again for every signature and check.
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  return {
    /** Signs the claims; the token expires at `expiresAt`. */
    async sign(claims: TokenClaims, expiresAt: Date): Promise<string> {
      return new SignJWT({ role: claims.role, area: claims.area, name: claims.displayName, wall: claims.wallTokenId, ver: claims.version })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject(claims.username)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(await key)
    },
    /** The claims of a valid token; InvalidTokenError for a forged, malformed or expired one. */
    async verify(token: string, now: Date = new Date()): Promise<TokenClaims> {
      const known = verified.get(token)
      if (known && (!known.expiresAt || known.expiresAt > now)) return { ...known }
      const claims = await check(token, now)
      // The oldest entry makes room (a Map iterates in insertion order).
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!)
      verified.set(token, claims)
      return { ...claims }
    },
  }

  async function check(token: string, now: Date): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, await key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: now })
      const role = payload.role as string
      if (!payload.sub || typeof payload.area !== 'string' || !(role === 'wall' || ROLES.includes(role as Role))) {
        throw new InvalidTokenError('token claims are incomplete')
      }
      return {
        username: payload.sub,
        displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
        role: role as Role | 'wall',
        area: payload.area,
        wallTokenId: typeof payload.wall === 'string' ? payload.wall : undefined,
        version: typeof payload.ver === 'number' ? payload.ver : 0,
        expiresAt: payload.exp ? new Date(payload.exp * 1000) : undefined,
      }
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err
      if (err instanceof errors.JWTExpired) throw new InvalidTokenError('token has expired')
      throw new InvalidTokenError('token is invalid')
    }
  }
}

export type TokenSigner = ReturnType<typeof createTokenSigner>
