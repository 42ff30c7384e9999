// One client session of the embedded database, the worker side, over a WireChannel (a MessagePort
// from the server's own thread, or a loopback socket from another process). Chunks of client bytes arrive in order; every complete message is run by
// PGlite and the answers to one chunk go back as one message (or several, for a pipeline that runs
// long: FLUSH_AFTER_MS). Over a MessagePort: no sockets, no system calls, and a short pipeline of
// queries costs one hop each way.
//
// COPY … FROM STDIN is the one exchange that spans several of PGlite's calls: PGlite cannot resume
// a copy started in an earlier call (electric-sql/pglite#1028), so the session answers the query's
// CopyInResponse itself, holds the CopyData messages until CopyDone or CopyFail, and runs the whole
// sequence as one call, leaving out PGlite's own CopyInResponse. The rows of one COPY statement are
// held in memory meanwhile: a bulk load sends them in statements of a few megabytes.
import type { PGlite } from '@electric-sql/pglite'
import type { WireChannel } from './wire-channel.js'
import { CANCEL_REQUEST_CODE, SSL_REQUEST_CODE, concatBytes, isCopyFromStdin, requestCode, splitMessages, withoutMessages } from './wire-messages.js'

const TERMINATE = 'X'.charCodeAt(0)
const SYNC = 'S'.charCodeAt(0)
/**
 * A pipeline's answers so far go back at the first Sync after this much work: the client reads the
 * earlier statements' rows while later ones run (a city's 30 days of figures send their eight
 * statements at once, server/issues/read-figures.ts). A pipeline whose statements all end within a
 * millisecond still goes back in one reply; a statement awaited before the next is sent (as the
 * intake's are) is a pipeline of one either way.
 */
const FLUSH_AFTER_MS = 1
const COPY_DONE = 'c'.charCodeAt(0)
const COPY_FAIL = 'f'.charCodeAt(0)
const COPY_IN_RESPONSE = 'G'.charCodeAt(0)
const NO_SSL = new Uint8Array(['N'.charCodeAt(0)])
// CopyInResponse: text format, no column formats (postgres.js reads neither).
const COPY_IN = new Uint8Array([COPY_IN_RESPONSE, 0, 0, 0, 7, 0, 0, 0])

/** Serves the session on `channel` until the client closes it; `onEnd` when it has. */
export function serveWireSession(db: PGlite, channel: WireChannel, onEnd: () => void): void {
  const pending: Uint8Array[] = []
  let rest = new Uint8Array(0)
  let started = false
  let running = false
  let closed = false
  // The messages of a COPY … FROM STDIN, from its query on, until CopyDone or CopyFail.
  let copy: Uint8Array[] | null = null

  const reply = (bytes: Uint8Array) => {
    if (closed || bytes.length === 0) return
    channel.send(bytes)
  }

  async function run(): Promise<void> {
    running = true
    try {
      while (pending.length > 0 && !closed) {
        let since = performance.now()
        const split = splitMessages(concatBytes([rest, ...pending.splice(0)]), !started)
        rest = split.rest.slice()
        const out: Uint8Array[] = []
        for (const message of split.messages) {
          if (!started) {
            const code = requestCode(message)
            // No TLS between threads: say so, and the client goes on in the clear.
            if (code === SSL_REQUEST_CODE) {
              out.push(NO_SSL.slice())
              continue
            }
            if (code === CANCEL_REQUEST_CODE) return void channel.close()
            started = true
          }
          if (message[0] === TERMINATE && started) return void channel.close()
          if (copy) {
            copy.push(message.slice())
            if (message[0] !== COPY_DONE && message[0] !== COPY_FAIL) continue
            const answer: Uint8Array[] = []
            await db.execProtocolRawStream(concatBytes(copy.splice(0)), { onRawData: (data) => answer.push(data.slice()) })
            copy = null
            out.push(withoutMessages(concatBytes(answer), COPY_IN_RESPONSE))
            continue
          }
          if (isCopyFromStdin(message)) {
            copy = [message.slice()]
            // A copy of its own: a reply transfers its buffer away.
            out.push(COPY_IN.slice())
            continue
          }
          await db.execProtocolRawStream(message, { onRawData: (data) => out.push(data.slice()) })
          if (message[0] === SYNC && started && performance.now() - since >= FLUSH_AFTER_MS) {
            reply(concatBytes(out.splice(0)))
            since = performance.now()
          }
        }
        reply(concatBytes(out))
      }
    } catch {
      channel.close()
    } finally {
      running = false
    }
  }

  channel.onData((chunk) => {
    pending.push(chunk)
    if (!running) void run()
  })
  channel.onClose(() => {
    closed = true
    // A session that ends inside a transaction leaves nothing half-done behind it.
    void (async () => {
      while (running) await new Promise((r) => setImmediate(r))
      if (db.isInTransaction()) await db.exec('ROLLBACK')
      onEnd()
    })()
  })
}
