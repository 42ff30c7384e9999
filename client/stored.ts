// What this browser remembers, in one place: every key GridPulse keeps in localStorage, and a
// safe way to read and write them — an entry that is missing, broken or hand-edited reads as
// nothing (the caller's check decides what is valid), and a storage that refuses a write (private
// mode, quota) loses the preference, never the page.
export const STORED_KEYS = {
  /** The signed-in session (api/session.ts). */
  session: 'gridpulse.session',
  /** Layer switches, language, /plan's parameters and scenarios, the alert sound (store/index.ts, zustand's persist). */
  ui: 'gridpulse.ui',
  /** This browser's basemap choice (config.ts). */
  basemap: 'gridpulse.basemap',
  /** The report being written on /report, kept through a reload. */
  reportDraft: 'gridpulse.reportDraft',
  /** Whether this phone's GPS reports GCJ-02 (/report). */
  gpsCrs: 'gridpulse.gpsCrs',
  /** One operator's layer switches on a shared command-centre PC. */
  userLayers: (username: string) => `gridpulse.layers.${username}`,
} as const

const defaultStorage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** The stored value that `check` accepts, or null. An entry written before values were JSON reads as its text. */
export function readStored<T>(key: string, check: (value: unknown) => T | null, storage = defaultStorage()): T | null {
  let raw: string | null | undefined
  try {
    raw = storage?.getItem(key)
  } catch {
    return null
  }
  if (raw === null || raw === undefined) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    value = raw
  }
  try {
    return check(value)
  } catch {
    return null
  }
}

/** Stores the value as JSON; null removes the entry. */
export function writeStored(key: string, value: unknown, storage = defaultStorage()): void {
  try {
    if (value === null) storage?.removeItem(key)
    else storage?.setItem(key, JSON.stringify(value))
  } catch {
    // Not kept: the page works on without it.
  }
}
