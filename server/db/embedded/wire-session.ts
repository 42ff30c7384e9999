// One client session of the embedded database over a MessagePort instead of a TCP socket:
// the worker side. Chunks of client bytes arrive in order; every complete message is run by
// PGlite and the answers to one chunk go back as one message. No sockets, no system calls, and
// a pipeline of queries costs one hop each way.
import type { MessagePort } from 'node:worker_threads'
import type { PGlite } from '@electric-sql/pglite'
import { CANCEL_REQUEST_CODE, SSL_REQUEST_CODE, concatBytes, requestCode, splitMessages } from './wire-messages.js'

const TERMINATE = 'X'.charCodeAt(0)
const NO_SSL = new Uint8Array(['N'.charCodeAt(0)])

/** Serves the session on `port` until the client closes it; `onEnd` when it has. */
export function serveWireSession(db: PGlite, port: MessagePort, onEnd: () => void): void {
  const pending: Uint8Array[] = []
  let rest = new Uint8Array(0)
  let started = false
  let running = false
  let closed = false

  const reply = (bytes: Uint8Array) => {
    if (closed || bytes.length === 0) return
    const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    port.postMessage(copy, [copy.buffer as ArrayBuffer])
  }

  async function run(): Promise<void> {
    running = true
    try {
      while (pending.length > 0 && !closed) {
        const split = splitMessages(concatBytes([rest, ...pending.splice(0)]), !started)
        rest = split.rest.slice()
        const out: Uint8Array[] = []
        for (const message of split.messages) {
          if (!started) {
            const code = requestCode(message)
            // No TLS between threads: say so, and the client goes on in the clear.
            if (code === SSL_REQUEST_CODE) {
              out.push(NO_SSL)
              continue
            }
            if (code === CANCEL_REQUEST_CODE) return void port.close()
            started = true
          }
          if (message[0] === TERMINATE && started) return void port.close()
          await db.execProtocolRawStream(message, { onRawData: (data) => out.push(data.slice()) })
        }
        reply(concatBytes(out))
      }
    } catch {
      port.close()
    } finally {
      running = false
    }
  }

  port.on('message', (chunk: Uint8Array) => {
    pending.push(chunk)
    if (!running) void run()
  })
  port.on('close', () => {
    closed = true
    // A session that ends inside a transaction leaves nothing half-done behind it.
    void (async () => {
      while (running) await new Promise((r) => setImmediate(r))
      if (db.isInTransaction()) await db.exec('ROLLBACK')
      onEnd()
    })()
  })
}
