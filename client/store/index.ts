// The one Zustand store, built from slices. Layer switches, the language and the planner's
// parameters and scenarios persist in localStorage; the basemap override is kept by client/config.ts; the map object is not here.
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { LANGUAGES, type Language } from '../i18n/messages'
import { createBasemapSlice, type BasemapSlice } from './basemap-slice'
import { createDataSlice, type DataSlice } from './data-slice'
import { createLanguageSlice, type LanguageSlice } from './language-slice'
import { createLayersSlice, DEFAULT_LAYER_VISIBILITY, LAYER_KEYS, type LayersSlice } from './layers-slice'
import { createConsoleSlice, type ConsoleSlice } from './console-slice'
import { createLiveIssuesSlice, type LiveIssuesSlice } from './live-issues-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createWallSlice, type WallSlice } from './wall-slice'
import { createClosuresSlice, type ClosuresSlice } from './closures-slice'
import { coverageParametersSchema } from '../../core/wire/coverage-parameters'
import { BASELINE_ID, createPlanSlice, scenarioSchema, type PlanSlice } from './plan-slice'
import { STORED_KEYS } from '../stored'
import { createChangedOnlyStorage } from './changed-only-storage'

export type AppState = LayersSlice & LanguageSlice & BasemapSlice & DataSlice & PlanSlice & SessionSlice & LiveIssuesSlice & ConsoleSlice & WallSlice & ClosuresSlice

type PersistedState = Pick<AppState, 'layers' | 'hiddenFacilityTypes' | 'language' | 'planParams' | 'scenarios' | 'activeScenarioId' | 'soundOn'>

export const useAppStore = create<AppState>()(
  persist(
    (...a) => ({
      ...createLayersSlice(...a),
      ...createLanguageSlice(...a),
      ...createBasemapSlice(...a),
      ...createDataSlice(...a),
      ...createPlanSlice(...a),
      ...createSessionSlice(...a),
      ...createLiveIssuesSlice(...a),
      ...createConsoleSlice(...a),
      ...createWallSlice(...a),
      ...createClosuresSlice(...a),
    }),
    {
      name: STORED_KEYS.ui,
      version: 1,
      // Written only when the persisted fields change, not at every update of the live feed.
      storage: createChangedOnlyStorage(createJSONStorage<PersistedState>(() => localStorage)),
      partialize: (s): PersistedState => ({
        layers: s.layers,
        hiddenFacilityTypes: s.hiddenFacilityTypes,
        language: s.language,
        planParams: s.planParams,
        scenarios: s.scenarios,
        activeScenarioId: s.activeScenarioId,
        soundOn: s.soundOn,
      }),
      // Whatever is stored is checked field by field: an old or hand-edited entry can't break the page.
      merge: (persisted, current) => ({ ...current, ...readPersisted(persisted) }),
    },
  ),
)

function readPersisted(value: unknown): Partial<PersistedState> {
  if (!value || typeof value !== 'object') return {}
  const v = value as Record<string, unknown>
  const out: Partial<PersistedState> = {}
  if (v.layers && typeof v.layers === 'object') {
    const stored = v.layers as Record<string, unknown>
    out.layers = { ...DEFAULT_LAYER_VISIBILITY }
    for (const key of LAYER_KEYS) if (typeof stored[key] === 'boolean') out.layers[key] = stored[key]
  }
  if (Array.isArray(v.hiddenFacilityTypes)) out.hiddenFacilityTypes = v.hiddenFacilityTypes.filter((c) => typeof c === 'string')
  if (LANGUAGES.includes(v.language as Language)) out.language = v.language as Language
  const params = coverageParametersSchema.safeParse(v.planParams)
  if (params.success) out.planParams = params.data
  if (Array.isArray(v.scenarios)) out.scenarios = v.scenarios.flatMap((x) => scenarioSchema.safeParse(x).data ?? []).slice(0, 50)
  if (typeof v.activeScenarioId === 'string') {
    out.activeScenarioId = out.scenarios?.some((x) => x.id === v.activeScenarioId) ? v.activeScenarioId : BASELINE_ID
  }
  if (typeof v.soundOn === 'boolean') out.soundOn = v.soundOn
  return out
}

export type { LayerKey } from './layers-slice'
export { LAYER_KEYS } from './layers-slice'
