// A localStorage kept in a Map for the client's tests: it counts its writes and can be made to
// refuse them (private mode, a full quota).
export interface MemoryStorage extends Storage {
  /** Writes taken so far. */
  writes: number
  /** When set, a write throws QuotaExceededError. */
  refuse: boolean
}

export function memoryStorage(refuseWrites = false): MemoryStorage {
  const m = new Map<string, string>()
  const storage: MemoryStorage = {
    writes: 0,
    refuse: refuseWrites,
    get length() {
      return m.size
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      if (storage.refuse) throw new DOMException('quota', 'QuotaExceededError')
      storage.writes++
      m.set(k, v)
    },
  }
  return storage
}
