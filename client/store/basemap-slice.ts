// The basemap in effect: the server's setting unless this browser chose another (kept by
// client/config.ts in localStorage, so it survives a reload).
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import type { Basemap } from '../../core/wire/read-api'
import { writeBasemapOverride, type ClientConfig } from '../config'

export interface BasemapSlice {
  basemap: Basemap
  serverBasemap: Basemap
  basemapSource: 'server' | 'browser'
  /** Last error of an online basemap (unreachable host, bad key), shown to the operator. */
  basemapError: string | null
  initBasemap(config: ClientConfig): void
  /** Chooses a basemap for this browser; null goes back to the server's. */
  chooseBasemap(basemap: Basemap | null): void
  setBasemapError(message: string | null): void
}

export const createBasemapSlice: StateCreator<AppState, [], [], BasemapSlice> = (set, get) => ({
  basemap: { kind: 'none' },
  serverBasemap: { kind: 'none' },
  basemapSource: 'server',
  basemapError: null,
  initBasemap: (config) =>
    set({ basemap: config.basemap, serverBasemap: config.serverBasemap, basemapSource: config.basemapSource }),
  chooseBasemap: (basemap) => {
    writeBasemapOverride(basemap)
    set({
      basemap: basemap ?? get().serverBasemap,
      basemapSource: basemap ? 'browser' : 'server',
      basemapError: null,
    })
  },
  setBasemapError: (basemapError) => set({ basemapError }),
})
