// What every Socket.IO namespace asks of a handshake: a token, verified; and a socket that lives
// no longer than its token (the client then logs in again and reconnects) — nor than its session:
// the token is checked again every minute, so a session ended elsewhere (npm run users -- revoke,
// a password changed in another process) ends its sockets too.
import type { Socket } from 'socket.io'
import type { VerifiedToken } from './issue-feed.js'

/**
 * Checks `auth.token` with `authenticate`; on success hands the claims to `accept` (to keep on
 * the socket) and ends the socket when the token expires.
 */
export function authenticateSocket(
  socket: Socket,
  authenticate: (token: string) => Promise<VerifiedToken>,
  accept: (claims: VerifiedToken) => void,
  next: (err?: Error) => void,
): void {
  const token = (socket.handshake.auth as { token?: unknown }).token
  if (typeof token !== 'string' || !token) return next(new Error('unauthorized: a token is required'))
  authenticate(token).then(
    (claims) => {
      accept(claims)
      if (claims.expiresAt) {
        const ms = claims.expiresAt.getTime() - Date.now()
        const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(ms, 0), 2 ** 31 - 1))
        socket.once('disconnect', () => clearTimeout(timer))
      }
      const recheck = setInterval(() => {
        authenticate(token).catch(() => socket.disconnect(true))
      }, getRecheckMs())
      socket.once('disconnect', () => clearInterval(recheck))
      next()
    },
    (err: Error) => next(new Error(`unauthorized: ${err.message}`)),
  )
}

/** How often a live socket's token is checked again: a minute (SESSION_RECHECK_MS, for the tests). */
function getRecheckMs(): number {
  const ms = Number(process.env.SESSION_RECHECK_MS)
  return Number.isFinite(ms) && ms >= 100 ? ms : 60_000
}
