// The logged-in session (token and user), kept in localStorage so a worker logs in once per
// shift, and a fetch that sends the token and says so when the server refuses it (401).
import type { LoginResponse, SessionUser } from '../../core/wire/issues'
import { ApiError, readApiError } from './http'
import { readStored, STORED_KEYS, writeStored } from '../stored'


export interface Session {
  token: string
  expiresAt: string
  user: SessionUser
}

/** The stored session, or null when there is none or it has expired. */
export function loadSession(now = Date.now()): Session | null {
  return readStored(STORED_KEYS.session, (v) => {
    const s = v as Session | null
    return s?.token && s.user && Date.parse(s.expiresAt) > now ? s : null
  })
}

export function saveSession(s: Session | null): void {
  writeStored(STORED_KEYS.session, s)
}

export async function login(username: string, password: string): Promise<Session> {
  const url = '/api/login'
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) })
  } catch (err) {
    throw new ApiError(`cannot reach the server (${(err as Error).message})`, 0, url)
  }
  if (!res.ok) throw await readApiError(res, url)
  const body = (await res.json()) as LoginResponse
  return { token: body.token, expiresAt: body.expiresAt, user: body.user }
}

let sessionRefused: (session: Session) => void = () => {}

/** Who hears that the server refused a session's token (the store's session slice: it signs out). */
export function onSessionRefused(handler: (session: Session) => void): void {
  sessionRefused = handler
}

/**
 * fetch with the session's token; a network failure is an ApiError with status 0, an answer
 * of 401 ends the session (onSessionRefused) before the error is thrown.
 */
export async function authFetch(session: Session, url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${session.token}` } })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(`cannot reach the server (${(err as Error).message})`, 0, url)
  }
  if (res.status === 401) sessionRefused(session)
  if (!res.ok) throw await readApiError(res, url)
  return res
}

/** Tells the server the session is over (it ends every token of the user); never throws, the page signs out anyway. */
export function endSessionOnServer(session: Session): void {
  if (session.user.role === 'wall') return
  void fetch('/api/logout', { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } }).catch(() => undefined)
}
