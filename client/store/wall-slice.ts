// The wall screen: the area drilled into, the hotspot window and aggregation, the autopilot, and
// what is shown over the map (a hotspot of the list or an issue). Its issues are the console
// slice's (the same live feed).
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import { createAutopilot, type AutopilotState } from '../views/wall/autopilot'
import type { HotspotLevel, WallWindow } from '../../core/wire/wall'

export type WallShown = { kind: 'hotspot'; index: number } | { kind: 'issue'; id: string } | null

export interface WallSlice {
  /** The area drilled into; null is the wall's own area. */
  wallArea: string | null
  wallWindow: WallWindow
  wallLevel: HotspotLevel
  autopilot: AutopilotState
  wallShown: WallShown
  setWallArea(code: string | null): void
  setWallWindow(w: WallWindow): void
  setWallLevel(l: HotspotLevel): void
  updateAutopilot(next: (s: AutopilotState) => AutopilotState): void
  showOnWall(shown: WallShown): void
}

export const createWallSlice: StateCreator<AppState, [], [], WallSlice> = (set) => ({
  wallArea: null,
  wallWindow: '7d',
  wallLevel: 'hex',
  autopilot: createAutopilot(Date.now()),
  wallShown: null,
  setWallArea: (wallArea) => set({ wallArea, wallShown: null }),
  setWallWindow: (wallWindow) => set({ wallWindow }),
  setWallLevel: (wallLevel) => set({ wallLevel, wallShown: null }),
  updateAutopilot: (next) => set((s) => {
    const autopilot = next(s.autopilot)
    return autopilot === s.autopilot ? {} : { autopilot }
  }),
  showOnWall: (wallShown) => set({ wallShown }),
})
