// The two ways a client session reaches the embedded engine's worker, behind one interface so
// that serveWireSession (wire-session.ts) serves both the same way: a MessagePort from the thread
// that started the engine, and a loopback TCP socket from another process (the test files).
// Both hold a waiting client's bytes until its session is served: a MessagePort queues messages
// until a listener starts it, and a socket stays paused until a 'data' listener is added.
import type { MessagePort } from 'node:worker_threads'
import type { Socket } from 'node:net'

export interface WireChannel {
  send(bytes: Uint8Array): void
  close(): void
  /** Starts the flow of the client's bytes. */
  onData(listener: (chunk: Uint8Array) => void): void
  /** Called once when the channel has closed, at once if it already has. */
  onClose(listener: () => void): void
}

/** Remembers a close that happens while the session waits its turn. */
function closeLatch(): { closed: () => void; onClose: (listener: () => void) => void } {
  let done = false
  const listeners: (() => void)[] = []
  return {
    closed() {
      if (done) return
      done = true
      for (const listener of listeners.splice(0)) listener()
    },
    onClose(listener) {
      if (done) listener()
      else listeners.push(listener)
    },
  }
}

export function portChannel(port: MessagePort): WireChannel {
  const latch = closeLatch()
  port.on('close', latch.closed)
  return {
    send(bytes) {
      // A transferred buffer must be whole and owned: a view into a larger one is copied first.
      const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
      port.postMessage(owned, [owned.buffer as ArrayBuffer])
    },
    close: () => port.close(),
    onData: (listener) => void port.on('message', listener),
    onClose: latch.onClose,
  }
}

export function socketChannel(socket: Socket): WireChannel {
  const latch = closeLatch()
  socket.setNoDelay(true)
  socket.on('close', latch.closed)
  // A client that resets its connection ends its session; the error itself is not the engine's.
  socket.on('error', () => socket.destroy())
  return {
    send: (bytes) => void socket.write(bytes),
    // Ends once the replies sent so far are flushed.
    close: () => void socket.end(() => socket.destroy()),
    onData: (listener) => void socket.on('data', listener),
    onClose: latch.onClose,
  }
}
