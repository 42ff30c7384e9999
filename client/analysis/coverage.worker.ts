// The /plan page's Web Worker: holds the plan engine, so an analysis never freezes the map.
// Requests are answered in order; an analysis superseded by a newer one before it started is
// skipped (the page only wants the latest while a station is dragged).
import '../zod-without-eval'
import { createPlanEngine, type PlanEngine } from './plan-engine'
import type { PlanRequest, PlanResponse } from './plan-protocol'

let engine: PlanEngine | null = null
/** The open live closures' places, as the page last sent them. */
let closures: [number, number][] = []
const queue: PlanRequest[] = []
let scheduled = false
/** The analysis on the network whose details (its stations' service areas, the circles' comparison) are to follow. */
let detailsFor: number | null = null

const reply = (message: PlanResponse) => (self as unknown as Worker).postMessage(message)

self.onmessage = (e: MessageEvent<PlanRequest>) => {
  queue.push(e.data)
  if (!scheduled) {
    scheduled = true
    setTimeout(drain, 0)
  }
}

function drain(): void {
  scheduled = false
  while (queue.length > 0) {
    const request = queue.shift()!
    if (request.type === 'analyse' && queue.some((q) => q.type === 'analyse')) {
      reply({ type: 'error', id: request.id, message: 'superseded' })
      continue
    }
    handle(request)
  }
  // The details after the figures, once the messages sent meanwhile are in: a newer analysis (a
  // station dragged on) makes them moot, and brings its own.
  if (detailsFor !== null) setTimeout(sendDetails, 0)
}

function sendDetails(): void {
  const id = detailsFor
  if (id === null || queue.some((q) => q.type === 'analyse')) return
  detailsFor = null
  try {
    const result = engine?.details()
    if (result) reply({ type: 'detailed', id, result })
  } catch (err) {
    reply({ type: 'error', id, message: (err as Error).message })
  }
}

function handle(request: PlanRequest): void {
  const id = request.type === 'load' || request.type === 'closures' ? null : request.id
  try {
    if (request.type === 'load') {
      const t0 = performance.now()
      engine = createPlanEngine(request.inputs)
      engine.setClosures(closures)
      reply({ type: 'loaded', ms: performance.now() - t0 })
      return
    }
    if (request.type === 'closures') {
      // Kept for the engine to come when the inputs are still loading.
      closures = request.points
      return void engine?.setClosures(closures)
    }
    if (!engine) throw new Error('the coverage inputs are not loaded yet')
    if (request.type === 'analyse') {
      const result = { ...engine.analyse(request.params, request.scenario, { details: false }), id: request.id }
      detailsFor = result.detailsPending ? request.id : null
      // The unserved list moves to the page rather than being copied.
      ;(self as unknown as Worker).postMessage({ type: 'analysed', id: request.id, result } satisfies PlanResponse, [result.unserved.buffer])
    }
    else if (request.type === 'suggest') reply({ type: 'suggested', id: request.id, result: engine.suggest(request.params, request.scenario, request.goal) })
    else reply({ type: 'compared', id: request.id, result: engine.compare(request.params, request.a, request.b) })
  } catch (err) {
    reply({ type: 'error', id, message: (err as Error).message })
  }
}
