// The process http-client-process.ts forks: runs each call it is sent and answers with its result.
import { readSnapshot, readWallStart, timeGets, timePosts } from './http-client.js'
import type { AnswerMessage, CallMessage, CallName } from './http-client-process.js'

const calls: Record<CallName, (...args: never[]) => Promise<unknown>> = { timeGets, readSnapshot, readWallStart, timePosts }

process.on('message', (m: CallMessage) => {
  calls[m.name](...(m.args as never[])).then(
    (result) => process.send!({ id: m.id, result } satisfies AnswerMessage),
    (err: Error) => process.send!({ id: m.id, error: err.message } satisfies AnswerMessage),
  )
})
process.on('disconnect', () => process.exit(0))
