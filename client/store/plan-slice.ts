// The planner's page: the walk parameters, the scenarios (stations planned and closed), which one
// is shown, the tool in hand on the map, and the worker's latest answers. Scenarios and parameters
// persist in this browser; the answers are recomputed.
import type { StateCreator } from 'zustand'
import { z } from 'zod'
import type { AppState } from '.'
import type { CoverageInputsResponse } from '../../core/wire/coverage'
import { facilityTypeCodeSchema } from '../../core/domain/facilities'
import { DEFAULT_COVERAGE_PARAMETERS } from '../../core/wire/coverage-parameters'
import {
  type AnalysisResult,
  type ComparisonResult,
  type PlanParameters,
  type PlannedStation,
  type ScenarioSpec,
  type SuggestionResult,
} from '../analysis/plan-protocol'

export const BASELINE_ID = 'baseline'

export interface Scenario {
  id: string
  name: string
  spec: ScenarioSpec
}

export type PlanTool = 'pan' | 'add' | 'remove'
export type PlanPanel = 'areas' | 'scenario' | 'suggest' | 'compare'
export type PlanLoadState = { state: 'idle' | 'loading' | 'ready' } | { state: 'error'; message: string }

const plannedStationSchema = z.object({
  id: z.string().min(1).max(64),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  type: facilityTypeCodeSchema,
  suggestedRank: z.number().int().positive().optional(),
})

export const scenarioSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(80),
  spec: z.object({ added: z.array(plannedStationSchema).max(500), removed: z.array(z.number().int()).max(5000) }),
})

export const EMPTY_SPEC: ScenarioSpec = { added: [], removed: [] }

export interface PlanSlice {
  planParams: PlanParameters
  scenarios: Scenario[]
  activeScenarioId: string
  planStatus: PlanLoadState
  analysis: AnalysisResult | null
  analysisError: string | null
  /** From the change that asked for it to its figures on the page, in ms. */
  analysisRoundTripMs: number | null
  planTool: PlanTool
  newStationType: string | null
  planPanel: PlanPanel
  suggestions: SuggestionResult | null
  compareIds: [string, string]
  comparison: ComparisonResult | null
  /** The area picked in the list or on the map (the map flies to it). */
  selectedAreaCode: string | null
  /** What the analysis runs on (GET /api/coverage/inputs), once loaded. */
  planInputs: CoverageInputsResponse | null
  setPlanInputs(inputs: CoverageInputsResponse | null): void
  /** The map as a PNG data URL for the printed report. */
  printMapImage: string | null
  setPrintMapImage(url: string | null): void
  setSelectedArea(code: string | null): void
  setStationType(id: string, type: string): void
  setPlanParams(p: Partial<PlanParameters>): void
  setPlanStatus(s: PlanLoadState): void
  setAnalysis(result: AnalysisResult, roundTripMs: number): void
  setAnalysisError(message: string | null): void
  setPlanTool(tool: PlanTool): void
  setNewStationType(type: string): void
  setPlanPanel(panel: PlanPanel): void
  setActiveScenario(id: string): void
  /** A new scenario (a copy of `from`'s changes, or empty) made active; returns its id. */
  createScenario(name: string, from?: ScenarioSpec): string
  renameScenario(id: string, name: string): void
  deleteScenario(id: string): void
  /** Adds a planned station to the active scenario (a new one is made if the baseline is active). */
  addStation(station: Omit<PlannedStation, 'id'>, newScenarioName: string): string
  moveStation(id: string, lon: number, lat: number): void
  removeStation(id: string): void
  /** Closes an existing service point in the active scenario, or reopens it. */
  toggleClosed(facilityId: number, newScenarioName: string): void
  setSuggestions(s: SuggestionResult | null): void
  setCompareIds(ids: [string, string]): void
  setComparison(c: ComparisonResult | null): void
}

let counter = 0
const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`

/** The scenario's changes (the baseline has none). */
export function getScenarioSpec(s: Pick<PlanSlice, 'scenarios'>, id: string): ScenarioSpec {
  return s.scenarios.find((x) => x.id === id)?.spec ?? EMPTY_SPEC
}

export const createPlanSlice: StateCreator<AppState, [], [], PlanSlice> = (set, get) => {
  const updateActive = (fn: (spec: ScenarioSpec) => ScenarioSpec) =>
    set((s) => ({ scenarios: s.scenarios.map((x) => (x.id === s.activeScenarioId ? { ...x, spec: fn(x.spec) } : x)) }))
  /** The active scenario, made first if the baseline is shown (the baseline is never edited). */
  const ensureEditable = (name: string) => {
    if (get().activeScenarioId === BASELINE_ID || !get().scenarios.some((x) => x.id === get().activeScenarioId)) get().createScenario(name)
  }
  return {
    planParams: DEFAULT_COVERAGE_PARAMETERS,
    scenarios: [],
    activeScenarioId: BASELINE_ID,
    planStatus: { state: 'idle' },
    analysis: null,
    analysisError: null,
    analysisRoundTripMs: null,
    planTool: 'pan',
    newStationType: null,
    planPanel: 'areas',
    suggestions: null,
    compareIds: [BASELINE_ID, BASELINE_ID],
    comparison: null,
    selectedAreaCode: null,
    planInputs: null,
    printMapImage: null,
    setPrintMapImage: (printMapImage) => set({ printMapImage }),
    setPlanInputs: (planInputs) => set({ planInputs }),
    setStationType: (id, type) => {
      updateActive((spec) => ({ ...spec, added: spec.added.map((a) => (a.id === id ? { ...a, type } : a)) }))
      set({ suggestions: null, comparison: null })
    },
    setSelectedArea: (selectedAreaCode) => set({ selectedAreaCode }),
    setPlanParams: (p) =>
      set((s) => ({ planParams: { ...s.planParams, ...p }, suggestions: null, comparison: null, selectedAreaCode: p.level && p.level !== s.planParams.level ? null : s.selectedAreaCode })),
    setPlanStatus: (planStatus) => set({ planStatus }),
    setAnalysis: (analysis, analysisRoundTripMs) => set({ analysis, analysisRoundTripMs, analysisError: null }),
    setAnalysisError: (analysisError) => set({ analysisError }),
    setPlanTool: (planTool) => set({ planTool }),
    setNewStationType: (newStationType) => set({ newStationType }),
    setPlanPanel: (planPanel) => set({ planPanel }),
    setActiveScenario: (id) => set({ activeScenarioId: id, suggestions: null }),
    createScenario: (name, from = EMPTY_SPEC) => {
      const id = newId('s')
      set((s) => ({
        scenarios: [...s.scenarios, { id, name, spec: structuredClone(from) }],
        activeScenarioId: id,
        compareIds: [BASELINE_ID, id],
        comparison: null,
        suggestions: null,
      }))
      return id
    },
    renameScenario: (id, name) => set((s) => ({ scenarios: s.scenarios.map((x) => (x.id === id && name.trim() ? { ...x, name: name.trim().slice(0, 80) } : x)) })),
    deleteScenario: (id) =>
      set((s) => ({
        scenarios: s.scenarios.filter((x) => x.id !== id),
        activeScenarioId: s.activeScenarioId === id ? BASELINE_ID : s.activeScenarioId,
        compareIds: s.compareIds.map((c) => (c === id ? BASELINE_ID : c)) as [string, string],
        comparison: null,
      })),
    addStation: (station, newScenarioName) => {
      ensureEditable(newScenarioName)
      const id = newId('p')
      updateActive((spec) => ({ ...spec, added: [...spec.added, { ...station, id }] }))
      set({ suggestions: null, comparison: null })
      return id
    },
    moveStation: (id, lon, lat) => updateActive((spec) => ({ ...spec, added: spec.added.map((a) => (a.id === id ? { ...a, lon, lat } : a)) })),
    removeStation: (id) => {
      updateActive((spec) => ({ ...spec, added: spec.added.filter((a) => a.id !== id) }))
      set({ suggestions: null, comparison: null })
    },
    toggleClosed: (facilityId, newScenarioName) => {
      ensureEditable(newScenarioName)
      updateActive((spec) => ({
        ...spec,
        removed: spec.removed.includes(facilityId) ? spec.removed.filter((r) => r !== facilityId) : [...spec.removed, facilityId],
      }))
      set({ suggestions: null, comparison: null })
    },
    setSuggestions: (suggestions) => set({ suggestions }),
    setCompareIds: (compareIds) => set({ compareIds, comparison: null }),
    setComparison: (comparison) => set({ comparison }),
  }
}

/** The type a station added on the map gets: the one chosen, else the first counted type. */
export function getNewStationType(s: Pick<AppState, 'facilityTypes' | 'planParams' | 'newStationType'>): string | null {
  const choices = s.planParams.types.length ? s.facilityTypes.filter((x) => s.planParams.types.includes(x.code)) : s.facilityTypes
  return choices.find((x) => x.code === s.newStationType)?.code ?? choices[0]?.code ?? null
}
