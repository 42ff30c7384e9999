// Who is signed in, for the whole app — the console, the wall and /report alike. signIn and
// signOut are the only ways in and out: a login is kept in this browser (api/session.ts) so a
// worker logs in once per shift, a wall's kiosk token is not (it lives in the URL), and an answer
// of 401 from any API call ends the session it was made with (registered below with the API
// client, so no caller handles it).
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import { readTokenFrom } from '../api/http'
import { endSessionOnServer, loadSession, onSessionRefused, saveSession, type Session } from '../api/session'
import { noConsoleView } from './console-slice'
import { noLiveIssues } from './live-issues-slice'

export interface SessionSlice {
  session: Session | null
  /** Whether the session is kept in this browser (a login) or only in this page (a kiosk token). */
  sessionKept: boolean
  signIn(session: Session, options?: { keep?: boolean }): void
  /** Ends the session and forgets what it was allowed to see. */
  signOut(): void
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => {
  onSessionRefused((refused) => {
    if (get().session?.token === refused.token) get().signOut()
  })
  readTokenFrom(() => get().session?.token)
  const stored = loadSession()
  return {
    session: stored,
    sessionKept: stored !== null,
    signIn: (session, { keep = true } = {}) => {
      if (keep) saveSession(session)
      set({ session, sessionKept: keep })
    },
    signOut: () => {
      const { session, sessionKept } = get()
      // A logout ends the user's tokens on the server too (a stolen copy stops working).
      if (session) endSessionOnServer(session)
      if (sessionKept) saveSession(null)
      set({ session: null, sessionKept: false, ...noLiveIssues(), ...noConsoleView() })
    },
  }
}
