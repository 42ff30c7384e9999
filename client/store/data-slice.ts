// What has been loaded: the client config, the facility-type taxonomy, and the status of each
// dataset the map draws (the features themselves live in MapLibre sources, not here).
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import { fetchFacilityTypes } from '../api/read-api'
import type { FacilityType } from '../../core/wire/read-api'
import { loadClientConfig, type ClientConfig } from '../config'

export const DATASETS = ['config', 'facilityTypes', 'areaLabels', 'facilities', 'orientation'] as const
export type Dataset = (typeof DATASETS)[number]

export type LoadState = { state: 'idle' | 'loading' | 'ready' } | { state: 'error'; message: string }

export interface DataSummary {
  districtName: string | null
  districtNameEn: string | null
  streets: number
  communities: number
  grids: number
  exclusiveGrids: number
  facilities: number
  /** Service points per facility type code. */
  facilitiesByType: Record<string, number>
  synthetic: boolean
}

export interface DataSlice {
  config: ClientConfig | null
  facilityTypes: FacilityType[]
  status: Record<Dataset, LoadState>
  summary: DataSummary | null
  /** True once every layer is on the map (labels included) and has drawn once. */
  mapReady: boolean
  loadShellData(): Promise<void>
  setDataStatus(dataset: Dataset, status: LoadState): void
  setSummary(summary: DataSummary): void
  setMapReady(ready: boolean): void
}

const idle: LoadState = { state: 'idle' }

export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = (set, get) => ({
  config: null,
  facilityTypes: [],
  status: Object.fromEntries(DATASETS.map((d) => [d, idle])) as Record<Dataset, LoadState>,
  summary: null,
  mapReady: false,
  loadShellData: async () => {
    const { setDataStatus } = get()
    setDataStatus('config', { state: 'loading' })
    setDataStatus('facilityTypes', { state: 'loading' })
    const [config, types] = await Promise.allSettled([loadClientConfig(), fetchFacilityTypes()])
    if (config.status === 'fulfilled') {
      get().initBasemap(config.value)
      set({ config: config.value })
      setDataStatus('config', { state: 'ready' })
    } else {
      setDataStatus('config', { state: 'error', message: (config.reason as Error).message })
    }
    if (types.status === 'fulfilled') {
      set({ facilityTypes: [...types.value].sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code)) })
      setDataStatus('facilityTypes', { state: 'ready' })
    } else {
      setDataStatus('facilityTypes', { state: 'error', message: (types.reason as Error).message })
    }
  },
  setDataStatus: (dataset, status) => set((s) => ({ status: { ...s.status, [dataset]: status } })),
  setSummary: (summary) => set({ summary }),
  setMapReady: (mapReady) => set({ mapReady }),
})
