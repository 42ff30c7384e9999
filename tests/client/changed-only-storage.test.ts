// The store's persisted fields are written when they change, not at every update of the rest of
// the store (the live feed, the wall's autopilot), and a refused write is tried again.
import { describe, expect, it } from 'vitest'
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { createChangedOnlyStorage } from '../../client/store/changed-only-storage'
import { memoryStorage } from './memory-storage'

interface State {
  language: string
  layers: { pins: boolean }
  issues: number[]
  setLanguage(l: string): void
  toggle(): void
  addIssue(n: number): void
}

function makeStore(storage: Storage, changedOnly: boolean) {
  const json = createJSONStorage<Pick<State, 'language' | 'layers'>>(() => storage)
  return create<State>()(
    persist(
      (set) => ({
        language: 'zh',
        layers: { pins: true },
        issues: [],
        setLanguage: (language) => set({ language }),
        toggle: () => set((s) => ({ layers: { pins: !s.layers.pins } })),
        addIssue: (n) => set((s) => ({ issues: [...s.issues, n] })),
      }),
      { name: 'ui', storage: changedOnly ? createChangedOnlyStorage(json) : json, partialize: (s) => ({ language: s.language, layers: s.layers }) },
    ),
  )
}

describe('createChangedOnlyStorage', () => {
  it('writes the persisted fields when they change and not when the rest of the store does', () => {
    const storage = memoryStorage()
    const store = makeStore(storage, true)
    const first = storage.writes
    for (let i = 0; i < 100; i++) store.getState().addIssue(i)
    expect(storage.writes).toBe(first + (first === 0 ? 1 : 0))
    store.getState().setLanguage('en')
    expect(JSON.parse(storage.getItem('ui')!).state).toEqual({ language: 'en', layers: { pins: true } })
    const afterLanguage = storage.writes
    store.getState().toggle()
    expect(storage.writes).toBe(afterLanguage + 1)
    expect(JSON.parse(storage.getItem('ui')!).state.layers).toEqual({ pins: false })
    for (let i = 0; i < 10; i++) store.getState().addIssue(i)
    expect(storage.writes).toBe(afterLanguage + 1)
  })

  it('is what the plain storage would have written (the plain one writes at every update)', () => {
    const plain = memoryStorage()
    const skipping = memoryStorage()
    const a = makeStore(plain, false)
    const b = makeStore(skipping, true)
    for (const s of [a, b]) {
      for (let i = 0; i < 20; i++) s.getState().addIssue(i)
      s.getState().setLanguage('en')
      s.getState().toggle()
      s.getState().addIssue(99)
    }
    expect(plain.writes).toBeGreaterThanOrEqual(23)
    expect(skipping.writes).toBeLessThanOrEqual(3)
    expect(skipping.getItem('ui')).toBe(plain.getItem('ui'))
  })

  it('tries a refused write again at the next change, and reads back what was stored', async () => {
    const storage = memoryStorage(true)
    const store = makeStore(storage, true)
    expect(() => store.getState().setLanguage('en')).toThrow(/quota/)
    storage.refuse = false
    store.getState().addIssue(1)
    expect(JSON.parse(storage.getItem('ui')!).state.language).toBe('en')
    const again = makeStore(storage, true)
    await again.persist.rehydrate()
    expect(again.getState().language).toBe('en')
  })
})
