// Live closures as the server last sent them (the `closures` socket event, core/wire/closures.ts):
// the console and /plan draw the closed streets and say what they cost.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import type { ClosuresResponse } from '../../core/wire/closures'

export interface ClosuresSlice {
  closures: ClosuresResponse | null
  setClosures(figures: ClosuresResponse | null): void
}

export const createClosuresSlice: StateCreator<AppState, [], [], ClosuresSlice> = (set) => ({
  closures: null,
  setClosures: (closures) => set({ closures }),
})
