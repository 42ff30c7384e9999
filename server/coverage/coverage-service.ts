// Coverage figures for the API: the inputs are read from the database once per data version and
// handed to the coverage worker thread (coverage-worker.ts), which builds the demand index, keeps
// each answer for its parameters and computes on its own core; this side only reads the database
// and passes messages, so a long analysis never holds the requests behind it.
import { Worker } from 'node:worker_threads'
import type { CoverageResponse, SuggestResponse } from '../../core/wire/coverage.js'
import type { CoverageParameters, SuggestRequestBody } from '../../core/wire/coverage-parameters.js'
import type { Sql } from '../db/client.js'
import { selectAreaFeatures, selectDemandPointFeatures, selectServicePointFeatures } from '../db/queries/coverage.js'
import { selectWalkableRoads } from '../db/queries/roads.js'
import { getAllDataVersions } from '../db/queries/health.js'
import type { ClosurePoint, CoverageExport } from './coverage-engine.js'
import type { ClosuresResponse, PassageClosure } from '../../core/wire/closures.js'
import type { CoverageWorkerAnswer, CoverageWorkerCall, CoverageWorkerRequest } from './coverage-worker.js'

export type { CoverageExport } from './coverage-engine.js'

export function createCoverageService(sql: Sql) {
  let worker: Worker | undefined
  let nextId = 1
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  /** The version the worker holds (or is loading). */
  let loaded: Promise<string> | undefined

  function start(): Worker {
    const w = new Worker(new URL('./coverage-worker-boot.mjs', import.meta.url))
    // An idle worker does not keep the process alive; close() ends it.
    w.unref()
    w.on('message', (a: CoverageWorkerAnswer) => {
      const p = waiting.get(a.id)
      waiting.delete(a.id)
      if (a.ok) p?.resolve(a.value)
      else p?.reject(new Error(a.message))
    })
    const fail = (err: Error) => {
      for (const p of waiting.values()) p.reject(err)
      waiting.clear()
      worker = undefined
      loaded = undefined
    }
    w.on('error', fail)
    w.on('exit', (code) => code !== 0 && fail(new Error(`the coverage worker stopped (exit ${code})`)))
    return w
  }

  function call<T>(request: CoverageWorkerCall): Promise<T> {
    worker ??= start()
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker!.postMessage({ ...request, id } satisfies CoverageWorkerRequest)
    })
  }

  /** Makes sure the worker holds the current data version's inputs. */
  async function current(): Promise<void> {
    const version = await getAllDataVersions(sql)
    if (loaded && (await loaded.catch(() => undefined)) === version) return
    loaded = (async () => {
      const [areas, demand, facilities, roads] = await Promise.all([selectAreaFeatures(sql), selectDemandPointFeatures(sql), selectServicePointFeatures(sql), selectWalkableRoads(sql)])
      // The walked lines as coordinates only: a city's 150,000 cross to the worker as plain arrays.
      await call({ method: 'load', raw: { version, areas, demand, facilities, roads: roads.map((r) => r.geom.coordinates) } })
      return version
    })()
    await loaded
  }

  return {
    /** GET /api/coverage/inputs as JSON text, and the data version it is of. */
    async inputs(): Promise<{ version: string; json: string }> {
      await current()
      return call({ method: 'inputs' })
    },
    /** The coverage for `p`; on the network without the streets of the open closures given. */
    async get(p: CoverageParameters, closures: ClosurePoint[] = []): Promise<CoverageResponse> {
      await current()
      return call({ method: 'get', params: p, closures })
    },
    /** The answer with its gap polygons and unserved demand points, for the export. */
    async export(p: CoverageParameters, closures: ClosurePoint[] = []): Promise<CoverageExport> {
      await current()
      return call({ method: 'export', params: p, closures })
    },
    /** Ranked new sites for the walk `p`: k of them, or the fewest that reach targetPct (on the network without the open closures' streets given). */
    async suggest(p: SuggestRequestBody, closures: ClosurePoint[] = []): Promise<SuggestResponse> {
      await current()
      return call({ method: 'suggest', params: p, closures })
    },
    /** What the open closures cost the walk (coverage-engine.ts: closures). */
    async closures(list: PassageClosure[]): Promise<ClosuresResponse> {
      await current()
      return call({ method: 'closures', list })
    },
    /** Ends the worker thread. */
    async close(): Promise<void> {
      await worker?.terminate()
      worker = undefined
      loaded = undefined
    },
  }
}

export type CoverageService = ReturnType<typeof createCoverageService>
