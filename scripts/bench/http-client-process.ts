// The history bench's browser side (http-client.ts) in a process of its own: each call is sent
// over IPC and answered with its result; a call that fails is rejected with its message.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type * as client from './http-client.js'

type Calls = Pick<typeof client, 'timeGets' | 'readSnapshot' | 'readWallStart' | 'timePosts'>
export type CallName = keyof Calls
export type CallMessage = { id: number; name: CallName; args: unknown[] }
export type AnswerMessage = { id: number; result?: unknown; error?: string }

export interface HttpClientProcess {
  call<K extends CallName>(name: K, ...args: Parameters<Calls[K]>): Promise<Awaited<ReturnType<Calls[K]>>>
  close(): Promise<void>
}

export function startHttpClientProcess(): HttpClientProcess {
  const child = fork(fileURLToPath(new URL('./http-client-child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>()
  let next = 0
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const w of waiting.values()) w.reject(new Error(`the bench's client process exited (${code})`))
      waiting.clear()
      resolve()
    }),
  )
  child.on('message', (m: AnswerMessage) => {
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.result as never)
  })
  return {
    call: (name, ...args) =>
      new Promise((resolve, reject) => {
        const id = next++
        waiting.set(id, { resolve, reject })
        child.send({ id, name, args } satisfies CallMessage)
      }),
    close: () => {
      child.disconnect()
      return gone
    },
  }
}
