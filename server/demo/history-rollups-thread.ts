// The writer's side of the rollup thread (history-rollups-worker.ts): batches of issues' items
// handed over as they come, then the rows received as COPY text. Measured reason (README, *Where
// the generator's time goes*): summing the day, hour and grid day rows took a fifth of the writing
// phase on the writer's one busy thread.
import { Worker } from 'node:worker_threads'
import type { FigureItem } from '../../core/domain/issue-contribution.js'
import type { FigureRowKey } from '../../core/domain/figure-day-rows.js'
import { RollupBatcher, type RollupTable } from './history-rollup-batch.js'
import type { RollupWorkerAnswer, RollupWorkerMessage } from './history-rollups-worker.js'

/** Issues per batch: a few thousand items' worth of messages a second, not one an issue. */
const ISSUES_PER_BATCH = 4_000

export interface RollupThread {
  add(key: FigureRowKey, gridCode: string | null, items: readonly FigureItem[]): void
  /** Every row, table by table, each message's bytes handed to `onRows` in turn; the thread ends after. */
  finish(onRows: (table: RollupTable, bytes: Uint8Array, rows: number) => Promise<void>): Promise<void>
  /** Ends the thread (after a failure; finish() ends it itself). */
  close(): Promise<void>
}

export function startRollupThread(timeZone: string): RollupThread {
  const worker = new Worker(new URL('./history-rollups-worker-boot.mjs', import.meta.url), { workerData: { timeZone } })
  const batcher = new RollupBatcher()
  let failure: Error | undefined
  worker.on('error', (err) => (failure ??= err))
  const post = (m: RollupWorkerMessage) => {
    if (failure) throw failure
    if (m.type === 'batch') worker.postMessage(m, [m.batch.itemCounts.buffer, m.batch.itemKeys.buffer, m.batch.itemAts.buffer, m.batch.itemValues.buffer] as ArrayBuffer[])
    else worker.postMessage(m)
  }
  return {
    add(key, gridCode, items) {
      batcher.add(key, gridCode, items)
      if (batcher.issues >= ISSUES_PER_BATCH) post({ type: 'batch', batch: batcher.take() })
    },
    async finish(onRows) {
      if (batcher.issues) post({ type: 'batch', batch: batcher.take() })
      // The answers queue up while one is written: each is taken in turn, in the order they came.
      const queue: RollupWorkerAnswer[] = []
      let wake: (() => void) | undefined
      const onMessage = (a: RollupWorkerAnswer) => {
        queue.push(a)
        wake?.()
      }
      const onExit = (code: number) => {
        failure ??= new Error(`the rollup thread stopped (exit ${code})`)
        wake?.()
      }
      worker.on('message', onMessage)
      worker.on('exit', onExit)
      try {
        post({ type: 'finish' })
        for (;;) {
          while (!queue.length && !failure) await new Promise<void>((resolve) => (wake = resolve))
          const a = queue.shift()
          if (!a) throw failure
          if (a.type === 'failed') throw new Error(`the rollup thread failed: ${a.message}`)
          if (a.type === 'done') break
          await onRows(a.table, a.bytes, a.rows)
        }
      } finally {
        worker.off('message', onMessage)
        worker.off('exit', onExit)
        await worker.terminate()
      }
    },
    async close() {
      await worker.terminate()
    },
  }
}
