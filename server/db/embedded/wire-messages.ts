// Framing of the PostgreSQL wire protocol from client to server: a session's first message
// (startup, SSL or cancel request) is its int32 length and body; every later one is a type byte
// and an int32 length that counts itself but not the type byte.

export interface SplitMessages {
  messages: Uint8Array[]
  /** Bytes of an incomplete message, to be completed by the next chunk. */
  rest: Uint8Array
}

/** The SSL and cancel requests' codes, sent in place of a startup message. */
export const SSL_REQUEST_CODE = 80877103
export const CANCEL_REQUEST_CODE = 80877102

/** Splits the complete messages off `bytes`; `untypedFirst` when no message has been read yet. */
export function splitMessages(bytes: Uint8Array, untypedFirst: boolean): SplitMessages {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const messages: Uint8Array[] = []
  let offset = 0
  let untyped = untypedFirst
  for (;;) {
    const header = untyped ? 4 : 5
    if (bytes.length - offset < header) break
    const length = untyped ? view.getInt32(offset) : 1 + view.getInt32(offset + 1)
    if (length < header - (untyped ? 0 : 1)) throw new Error(`malformed protocol message (length ${length})`)
    if (bytes.length - offset < length) break
    messages.push(bytes.subarray(offset, offset + length))
    offset += length
    untyped = false
  }
  return { messages, rest: bytes.subarray(offset) }
}

/** The request code of an untyped first message (protocol version, SSL or cancel request). */
export function requestCode(message: Uint8Array): number {
  return new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4)
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const QUERY = 'Q'.charCodeAt(0)
const COPY_FROM_STDIN = /^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i

/** A simple-protocol query that starts a COPY … FROM STDIN. */
export function isCopyFromStdin(message: Uint8Array): boolean {
  if (message[0] !== QUERY) return false
  // Only the start matters: the statement, not the data.
  return COPY_FROM_STDIN.test(new TextDecoder().decode(message.subarray(5, Math.min(message.length, 5 + 4096))))
}

/** The server's messages in `bytes` without those of one type. */
export function withoutMessages(bytes: Uint8Array, type: number): Uint8Array {
  const { messages, rest } = splitMessages(bytes, false)
  return concatBytes([...messages.filter((m) => m[0] !== type), rest])
}
