// Runs the /plan page's analysis: loads the inputs into the Web Worker once, then asks it for the
// figures whenever the parameters or the active scenario change (latest wins while dragging), and
// offers suggestion and comparison runs to the panels.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fetchCoverageInputs } from '../../api/coverage'
import { withDetails, type AnalysisResult, type SuggestGoal } from '../../analysis/plan-protocol'
import { createPlanWorkerClient, SupersededError, type PlanWorkerClient } from '../../analysis/plan-worker-client'
import { useAppStore } from '../../store'
import { getScenarioSpec } from '../../store/plan-slice'
import { connectClosureFeed } from '../../live/closure-feed'

declare global {
  interface Window {
    /** Round trips of the last analyses (ms, change to figures), for the benchmark and the tests. */
    __gridpulsePlanTimings?: { roundTripMs: number; arrivedMs: number; computeMs: number; incremental: boolean }[]
    /** The worker's time for each analysis's details (on the network: stations' service areas, the circles' comparison). */
    __gridpulsePlanDetailTimings?: { computeMs: number }[]
  }
}

export interface PlanAnalysis {
  suggest(goal: SuggestGoal): Promise<void>
  compare(): Promise<void>
  busy: 'suggest' | 'compare' | null
}

/** The live closures for /plan: a socket of their own (no issue feed), into the store. */
export function useLiveClosures(): void {
  const token = useAppStore((s) => s.session?.token)
  useEffect(() => {
    if (!token) return
    const feed = connectClosureFeed({ token, onClosures: (f) => useAppStore.getState().setClosures(f) })
    return () => feed.close()
  }, [token])
}

/**
 * While an analysis's details are on their way, the last ones shown stay (a dragged station's
 * outlines and the circles' comparison do not blink out at each move); they are replaced when the
 * new ones come.
 */
function withLastDetails(result: AnalysisResult, last: AnalysisResult | null): AnalysisResult {
  if (!result.detailsPending || last?.metric !== 'network' || !last.serviceAreas) return result
  const lastByCode = new Map(last.areas.map((a) => [a.code, a]))
  return {
    ...result,
    serviceAreas: last.serviceAreas,
    circleOnly: last.circleOnly,
    networkOnly: last.networkOnly,
    areas: result.areas.map((a) => {
      const before = lastByCode.get(a.code)
      return before?.circleOnly !== undefined ? { ...a, circleOnly: before.circleOnly, networkOnly: before.networkOnly } : a
    }),
  }
}

export function usePlanAnalysis(): PlanAnalysis {
  const [busy, setBusy] = useState<PlanAnalysis['busy']>(null)
  const client = useRef<PlanWorkerClient | null>(null)
  const params = useAppStore((s) => s.planParams)
  const spec = useAppStore((s) => getScenarioSpec(s, s.activeScenarioId))
  const ready = useAppStore((s) => s.planStatus.state === 'ready')
  // The open live closures' places (from the `closures` socket event): their streets leave the walk.
  const closures = useAppStore((s) => s.closures?.closures)
  const closurePoints = useMemo(() => (closures ?? []).map((c) => [c.lon, c.lat] as [number, number]), [closures])
  const closuresKey = JSON.stringify(closurePoints)

  useEffect(() => {
    const abort = new AbortController()
    const worker = createPlanWorkerClient()
    client.current = worker
    const { setPlanStatus } = useAppStore.getState()
    setPlanStatus({ state: 'loading' })
    fetchCoverageInputs(abort.signal)
      .then(async (data) => {
        await worker.load(data)
        if (abort.signal.aborted) return
        useAppStore.getState().setPlanInputs(data)
        setPlanStatus({ state: 'ready' })
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setPlanStatus({ state: 'error', message: err.message })
      })
    return () => {
      abort.abort()
      worker.terminate()
      client.current = null
      useAppStore.getState().setPlanStatus({ state: 'idle' })
    }
  }, [])

  useEffect(() => {
    const worker = client.current
    if (!ready || !worker) return
    // An analysis's details (its stations' service areas, the circles' comparison) join it when they come.
    worker.onDetails((id, details) => {
      const s = useAppStore.getState()
      if (s.analysis?.id !== id) return
      s.setAnalysis(withDetails(s.analysis, details), s.analysisRoundTripMs ?? 0)
      const timings = (window.__gridpulsePlanDetailTimings ??= [])
      timings.push({ computeMs: details.computeMs })
      if (timings.length > 200) timings.shift()
    })
  }, [ready])

  useEffect(() => {
    const worker = client.current
    if (!ready || !worker) return
    worker.setClosures(closurePoints)
    const t0 = performance.now()
    worker.analyseLatest(params, spec).then(
      (result) => {
        const arrivedMs = performance.now() - t0
        useAppStore.getState().setAnalysis(withLastDetails(result, useAppStore.getState().analysis), arrivedMs)
        // Stamped once the page has drawn the figures.
        requestAnimationFrame(() => {
          const timings = (window.__gridpulsePlanTimings ??= [])
          timings.push({ roundTripMs: performance.now() - t0, arrivedMs, computeMs: result.computeMs, incremental: result.incremental })
          if (timings.length > 200) timings.shift()
        })
      },
      (err: Error) => {
        if (!(err instanceof SupersededError)) useAppStore.getState().setAnalysisError(err.message)
      },
    )
    // closurePoints changes with closuresKey (a new event with the same closures asks nothing again).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, params, spec, closuresKey])

  const suggest = useCallback(async (goal: SuggestGoal) => {
    const worker = client.current
    if (!worker) return
    const s = useAppStore.getState()
    setBusy('suggest')
    try {
      s.setSuggestions(await worker.suggest(s.planParams, getScenarioSpec(s, s.activeScenarioId), goal))
    } catch (err) {
      s.setAnalysisError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }, [])

  const compare = useCallback(async () => {
    const worker = client.current
    if (!worker) return
    const s = useAppStore.getState()
    const [a, b] = s.compareIds
    setBusy('compare')
    try {
      s.setComparison(await worker.compare(s.planParams, getScenarioSpec(s, a), getScenarioSpec(s, b)))
    } catch (err) {
      s.setAnalysisError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }, [])

  return { suggest, compare, busy }
}
