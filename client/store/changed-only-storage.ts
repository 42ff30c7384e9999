// zustand's persist writes the persisted part of the state after every change of any part of the
// store: each live event, each page of a snapshot, the wall's autopilot tick twice a second — a
// JSON.stringify and a synchronous localStorage.setItem each time, for a value that had not changed
// (the wall's CPU profile on a city's year: 59 ms of setItem inside one long frame). This storage
// skips a write whose fields are the very ones it wrote last (partialize hands the same objects
// back until they change: the store's updates are immutable), and writes anything else as before.
import type { PersistStorage, StorageValue } from 'zustand/middleware'

export function createChangedOnlyStorage<S>(inner: PersistStorage<S> | undefined): PersistStorage<S> | undefined {
  if (!inner) return undefined
  const written = new Map<string, StorageValue<S>>()
  return {
    getItem: (name) => inner.getItem(name),
    setItem: (name, value) => {
      const last = written.get(name)
      if (last && last.version === value.version && haveSameFields(last.state, value.state)) return
      const result = inner.setItem(name, value)
      // Remembered only once written: a refused write (quota) is tried again at the next change.
      written.set(name, value)
      return result
    },
    removeItem: (name) => {
      written.delete(name)
      return inner.removeItem(name)
    },
  }
}

function haveSameFields(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
