// The history bench's browser side (http-client.ts) in a process of its own: each call is sent
// over IPC and answered with its result; a call that fails is rejected with its message, and every
// call still waiting when the process dies is rejected with its exit.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type * as client from './http-client.js'

type Calls = Pick<typeof client, 'timeGets' | 'readSnapshot' | 'readWallStart' | 'timePosts'>
export type CallName = keyof Calls
export type CallMessage = { id: number; name: CallName; args: unknown[] }
/** `ready` once the child listens (a message sent before would be lost), then one answer per call. */
export type AnswerMessage = { type: 'ready' } | { type: 'answer'; id: number; result?: unknown; error?: string }

export interface HttpClientProcess {
  call<K extends CallName>(name: K, ...args: Parameters<Calls[K]>): Promise<Awaited<ReturnType<Calls[K]>>>
  close(): Promise<void>
}

/** Forks the client process and waits until it listens. */
export async function startHttpClientProcess(): Promise<HttpClientProcess> {
  const child = fork(fileURLToPath(new URL('./http-client-child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>()
  let next = 0
  let exited: Error | undefined
  let onReady: { resolve: () => void; reject: (e: Error) => void } | undefined
  const ready = new Promise<void>((resolve, reject) => (onReady = { resolve, reject }))
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = new Error(`the bench's client process exited (${code ?? signal})`)
      onReady?.reject(exited)
      for (const w of waiting.values()) w.reject(exited)
      waiting.clear()
      resolve()
    }),
  )
  // A send on a channel that has just closed: the exit above rejects whatever waits.
  child.on('error', () => undefined)
  child.on('message', (m: AnswerMessage) => {
    if (m.type === 'ready') return onReady?.resolve()
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.result as never)
  })
  await ready
  return {
    call: (name, ...args) =>
      new Promise((resolve, reject) => {
        if (exited || !child.connected) return reject(exited ?? new Error("the bench's client process is not connected"))
        const id = next++
        waiting.set(id, { resolve, reject })
        child.send({ id, name, args } satisfies CallMessage)
      }),
    close: () => {
      if (child.connected) child.disconnect()
      return gone
    },
  }
}
