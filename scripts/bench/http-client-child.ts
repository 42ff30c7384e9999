// The process http-client-process.ts forks: runs each call it is sent and answers with its result.
import { readSnapshot, readWallStart, timeGets, timePosts } from './http-client.js'
import type { AnswerMessage, CallMessage, CallName } from './http-client-process.js'

const calls: Record<CallName, (...args: never[]) => Promise<unknown>> = { timeGets, readSnapshot, readWallStart, timePosts }
const answer = (m: AnswerMessage) => process.send!(m)

process.on('message', (m: CallMessage) => {
  calls[m.name](...(m.args as never[])).then(
    (result) => answer({ type: 'answer', id: m.id, result }),
    (err: unknown) => answer({ type: 'answer', id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  )
})
process.on('disconnect', () => process.exit(0))
answer({ type: 'ready' })
