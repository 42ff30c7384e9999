// The coverage worker thread: holds a coverage engine (coverage-engine.ts) and answers the
// service's requests one at a time, so six suggestions at once keep one core busy and leave the
// thread that serves HTTP and sockets free (issue 15: /api/health took 2.15 s beside them).
import { parentPort } from 'node:worker_threads'
import { createCoverageEngine, type ClosurePoint, type RawCoverageInputs } from './coverage-engine.js'
import type { CoverageParameters, SuggestRequestBody } from '../../core/wire/coverage-parameters.js'
import type { PassageClosure } from '../../core/wire/closures.js'

/** What the service asks; each request carries an id its answer returns with. */
export type CoverageWorkerCall =
  | { method: 'load'; raw: RawCoverageInputs }
  | { method: 'inputs' }
  | { method: 'get' | 'export'; params: CoverageParameters; closures?: ClosurePoint[] }
  | { method: 'suggest'; params: SuggestRequestBody; closures?: ClosurePoint[] }
  | { method: 'closures'; list: PassageClosure[] }
export type CoverageWorkerRequest = CoverageWorkerCall & { id: number }

export type CoverageWorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string }

const engine = createCoverageEngine()
const port = parentPort!

port.on('message', (r: CoverageWorkerRequest) => {
  try {
    let value: unknown
    if (r.method === 'load') value = engine.load(r.raw)
    else if (r.method === 'inputs') value = engine.inputs()
    else if (r.method === 'get') value = engine.get(r.params, r.closures)
    else if (r.method === 'export') value = engine.export(r.params, r.closures)
    else if (r.method === 'closures') value = engine.closures(r.list)
    else value = engine.suggest(r.params, r.closures)
    port.postMessage({ id: r.id, ok: true, value } satisfies CoverageWorkerAnswer)
  } catch (err) {
    port.postMessage({ id: r.id, ok: false, message: (err as Error).message } satisfies CoverageWorkerAnswer)
  }
})
