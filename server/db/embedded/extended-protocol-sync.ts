// Makes PGlite answer errors in the extended query protocol the way PostgreSQL does.
//
// PGlite handles one wire message at a time and, when an extended-protocol message (Parse, Bind,
// Describe, Execute, Close) fails, sends ErrorResponse *and* ReadyForQuery at once. PostgreSQL sends
// ReadyForQuery only at the next Sync and ignores everything up to it. postgres.js pipelines
// Parse/Bind/Describe/Execute/Sync, so the extra ReadyForQuery silently shifts every later result by
// one query (upstream: electric-sql/pglite issue 958). This filter sits
// between the engine's client sessions (wire-session.ts) and PGlite: after such an error it drops the premature ReadyForQuery and the
// messages up to Sync, and lets the Sync through so exactly one ReadyForQuery follows.
import type { PGlite } from '@electric-sql/pglite'
import { concatBytes } from './wire-messages.js'

const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)))
const SYNC = 'S'.charCodeAt(0)
const ERROR_RESPONSE = 'E'.charCodeAt(0)
const READY_FOR_QUERY = 'Z'.charCodeAt(0)
const TERMINATE = 'X'.charCodeAt(0)
/** A startup, SSL or cancel request has no type byte: it begins with its int32 length, whose top byte is 0. */
const UNTYPED_STARTUP = 0

type StreamOptions = Parameters<PGlite['execProtocolRawStream']>[1]

/** Wraps db.execProtocolRawStream in place; for a PGlite with one client connection. */
export function enforceExtendedProtocolSync(db: PGlite): void {
  const original = db.execProtocolRawStream.bind(db)
  let discardUntilSync = false

  db.execProtocolRawStream = async (message: Uint8Array, options: StreamOptions) => {
    const type = message[0]
    // A connection that ends or starts begins a new protocol conversation: nothing to discard.
    if (type === UNTYPED_STARTUP || type === TERMINATE) discardUntilSync = false
    if (discardUntilSync && type !== SYNC) return
    if (type === SYNC) discardUntilSync = false
    if (!EXTENDED.has(type)) return original(message, options)

    const chunks: Uint8Array[] = []
    await original(message, { ...options, onRawData: (data: Uint8Array) => chunks.push(data.slice()) })
    const out = concatBytes(chunks)
    const { filtered, failed } = dropReadyAfterError(out)
    if (failed) discardUntilSync = true
    if (filtered.length > 0) options.onRawData?.(filtered)
  }
}

/** Removes ReadyForQuery messages that follow an ErrorResponse in one response. */
export function dropReadyAfterError(out: Uint8Array): { filtered: Uint8Array; failed: boolean } {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  const kept: Uint8Array[] = []
  let failed = false
  let offset = 0
  while (offset + 5 <= out.length) {
    const type = out[offset]
    const end = offset + 1 + view.getInt32(offset + 1)
    if (type === ERROR_RESPONSE) failed = true
    if (!(failed && type === READY_FOR_QUERY)) kept.push(out.subarray(offset, end))
    offset = end
  }
  if (offset < out.length) kept.push(out.subarray(offset))
  return { filtered: concatBytes(kept), failed }
}
