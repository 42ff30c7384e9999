// The page's side of the coverage worker: one worker per page, requests as promises, and
// `analyseLatest` for what-if edits — at most one analysis in flight, later edits folded into the
// next one, so dragging a station never queues up stale work.
import type { CoverageInputsResponse } from '../../core/wire/coverage'
import type { AnalysisDetails, AnalysisResult, ComparisonResult, PlanParameters, PlanRequest, PlanResponse, ScenarioSpec, SuggestGoal, SuggestionResult } from './plan-protocol'

export class SupersededError extends Error {
  constructor() {
    super('superseded by a newer analysis')
    this.name = 'SupersededError'
  }
}

type Pending = { resolve: (v: never) => void; reject: (e: Error) => void }

export interface PlanWorkerClient {
  load(inputs: CoverageInputsResponse): Promise<number>
  /** The open live closures' places: analyses sent after this leave their streets out of the walk. */
  setClosures(points: [number, number][]): void
  analyse(params: PlanParameters, scenario: ScenarioSpec): Promise<AnalysisResult>
  /** Like analyse, but only the newest of overlapping calls is computed; the others reject with SupersededError. */
  analyseLatest(params: PlanParameters, scenario: ScenarioSpec): Promise<AnalysisResult>
  /** Called with an analysis's details when they follow it (on the network: its stations' service areas, the circles' comparison). */
  onDetails(listener: (id: number, details: AnalysisDetails) => void): void
  suggest(params: PlanParameters, scenario: ScenarioSpec, goal: SuggestGoal): Promise<SuggestionResult>
  compare(params: PlanParameters, a: ScenarioSpec, b: ScenarioSpec): Promise<ComparisonResult>
  terminate(): void
}

export function createPlanWorkerClient(): PlanWorkerClient {
  const worker = new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module' })
  const pending = new Map<number, Pending>()
  let nextId = 1
  let loaded: Pending | null = null
  let detailsListener: ((id: number, details: AnalysisDetails) => void) | null = null

  worker.onmessage = (e: MessageEvent<PlanResponse>) => {
    const m = e.data
    if (m.type === 'detailed') {
      detailsListener?.(m.id, m.result)
      return
    }
    if (m.type === 'loaded') {
      loaded?.resolve(m.ms as never)
      loaded = null
      return
    }
    if (m.type === 'error' && m.id === null) {
      loaded?.reject(new Error(m.message))
      loaded = null
      return
    }
    const p = pending.get(m.id!)
    if (!p) return
    pending.delete(m.id!)
    if (m.type === 'error') p.reject(m.message === 'superseded' ? new SupersededError() : new Error(m.message))
    else p.resolve(m.result as never)
  }
  worker.onerror = (e) => {
    const err = new Error(`coverage worker failed: ${e.message}`)
    loaded?.reject(err)
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }

  function request<T>(make: (id: number) => PlanRequest): Promise<T> {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: never) => void, reject })
      worker.postMessage(make(id))
    })
  }

  let inFlight: Promise<unknown> | null = null
  let queued: { params: PlanParameters; scenario: ScenarioSpec; resolve: (r: AnalysisResult) => void; reject: (e: Error) => void } | null = null

  function startQueued(): void {
    const next = queued
    if (!next) return
    queued = null
    const p = request<AnalysisResult>((id) => ({ type: 'analyse', id, params: next.params, scenario: next.scenario }))
    inFlight = p
    p.then(next.resolve, next.reject).finally(() => {
      inFlight = null
      startQueued()
    })
  }

  return {
    load(inputs) {
      return new Promise<number>((resolve, reject) => {
        loaded = { resolve: resolve as (v: never) => void, reject }
        worker.postMessage({ type: 'load', inputs } satisfies PlanRequest)
      })
    },
    setClosures: (points) => worker.postMessage({ type: 'closures', points } satisfies PlanRequest),
    analyse: (params, scenario) => request((id) => ({ type: 'analyse', id, params, scenario })),
    analyseLatest(params, scenario) {
      return new Promise<AnalysisResult>((resolve, reject) => {
        queued?.reject(new SupersededError())
        queued = { params, scenario, resolve, reject }
        if (!inFlight) startQueued()
      })
    },
    suggest: (params, scenario, goal) => request((id) => ({ type: 'suggest', id, params, scenario, goal })),
    compare: (params, a, b) => request((id) => ({ type: 'compare', id, params, a, b })),
    onDetails: (listener) => void (detailsListener = listener),
    terminate: () => worker.terminate(),
  }
}
