// The socket postgres.js talks through to the embedded database's worker thread: a MessagePort
// that looks enough like a net.Socket (write, end, destroy, pause, resume, readyState and the data,
// drain and close events) for postgres.js's `socket` option. postgres.js pauses the socket while a
// reader of `COPY … TO STDOUT` is behind (the archive, server/issues/archive-months.ts): what arrives
// meanwhile is held, in order, until it resumes.
import { EventEmitter } from 'node:events'
import type { MessagePort } from 'node:worker_threads'

export class WorkerSocket extends EventEmitter {
  readyState: 'open' | 'closed' = 'open'
  private paused = false
  private held: Buffer[] = []

  constructor(private readonly port: MessagePort) {
    super()
    port.on('message', (data: Uint8Array) => {
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      if (this.paused || this.held.length) this.held.push(bytes)
      else this.emit('data', bytes)
    })
    port.on('close', () => {
      this.readyState = 'closed'
      this.emit('close', false)
    })
  }

  /** Sends a copy of the bytes (a pooled Buffer would otherwise drag its whole pool along). */
  write(chunk: Uint8Array, callback?: (err?: Error) => void): boolean {
    if (this.readyState !== 'open') {
      const err = new Error('the embedded database connection is closed')
      if (callback) process.nextTick(callback, err)
      return false
    }
    const copy = new Uint8Array(chunk)
    this.port.postMessage(copy, [copy.buffer])
    if (callback) process.nextTick(callback)
    return true
  }

  pause(): this {
    this.paused = true
    return this
  }

  resume(): this {
    this.paused = false
    while (!this.paused && this.held.length) this.emit('data', this.held.shift()!)
    return this
  }

  end(chunk?: Uint8Array): this {
    if (chunk && this.readyState === 'open') this.write(chunk)
    this.port.close()
    return this
  }

  destroy(): this {
    this.port.close()
    return this
  }
}
