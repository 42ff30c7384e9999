// Who the wall is: a kiosk token from its URL (a read-only wall token, checked with GET /api/me),
// or the person signed in on this browser (a street leader at their own screen).
import type { Session } from '../../api/session'
import { authFetch } from '../../api/session'
import type { SessionUser } from '../../../core/wire/issues'

/** The expiry a JWT carries (not verified here: the server checks every use). */
export function readTokenExpiry(token: string): string {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }
    if (typeof payload.exp === 'number') return new Date(payload.exp * 1000).toISOString()
  } catch {
    // Not a JWT: the server will refuse it.
  }
  return new Date(Date.now() + 86_400_000).toISOString()
}

/** The session of a kiosk token; throws an ApiError (401 when refused, 0 when unreachable). */
export async function openTokenSession(token: string): Promise<Session> {
  const probe: Session = { token, expiresAt: readTokenExpiry(token), user: { username: '', displayName: '', role: 'wall', area: '' } }
  const res = await authFetch(probe, '/api/me')
  const { user } = (await res.json()) as { user: SessionUser }
  return { ...probe, user }
}
