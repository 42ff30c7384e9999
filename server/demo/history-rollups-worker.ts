// The bulk history's rollups on a thread of their own: the issues' items arrive in batches
// (history-rollup-batch.ts) while the writer's thread draws the stream and sends the log, and at the
// end the rows go back as COPY text, a table's 50,000 rows at a time, in bytes that are moved.
import { parentPort, workerData } from 'node:worker_threads'
import { HistoryRollups, type RollupBatch, type RollupTable } from './history-rollup-batch.js'

export type RollupWorkerMessage = { type: 'batch'; batch: RollupBatch } | { type: 'finish' }
export type RollupWorkerAnswer = { type: 'rows'; table: RollupTable; bytes: Uint8Array; rows: number } | { type: 'done' } | { type: 'failed'; message: string }

const ROWS_PER_MESSAGE = 50_000
const port = parentPort!
const rollups = new HistoryRollups((workerData as { timeZone: string }).timeZone)
const encoder = new TextEncoder()

/** A batch that failed: said at the finish (no one listens before), and no rows sent. */
let failed: string | undefined

port.on('message', (m: RollupWorkerMessage) => {
  try {
    if (m.type === 'batch') {
      if (!failed) rollups.addBatch(m.batch)
      return
    }
    if (failed) throw new Error(failed)
    const lines = new Map<RollupTable, string[]>()
    const send = (table: RollupTable, list: string[]) => {
      const bytes = encoder.encode(list.join(''))
      port.postMessage({ type: 'rows', table, bytes, rows: list.length } satisfies RollupWorkerAnswer, [bytes.buffer])
    }
    for (const { table, line } of rollups.rows()) {
      let list = lines.get(table)
      if (!list) lines.set(table, (list = []))
      list.push(line)
      if (list.length >= ROWS_PER_MESSAGE) {
        send(table, list)
        lines.set(table, [])
      }
    }
    for (const [table, list] of lines) if (list.length) send(table, list)
    port.postMessage({ type: 'done' } satisfies RollupWorkerAnswer)
  } catch (err) {
    if (m.type === 'batch') failed = (err as Error).message
    else port.postMessage({ type: 'failed', message: (err as Error).message } satisfies RollupWorkerAnswer)
  }
})
