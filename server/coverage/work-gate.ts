// How many coverage answers may be in work at once: a few per caller, a few more in all. The
// analysis runs on the request thread, so without a bound six concurrent suggestions held every
// other request (/api/health took 2.15 s instead of 0.01 s). Beyond the bound the caller is told at
// once — 429 when it is they who have too many in work, 503 when the server has — with Retry-After.
import { HttpError } from '../routes/http-error.js'

export interface WorkGateLimits {
  /** Answers one caller may have in work. */
  perCaller: number
  /** Answers in work in this process. */
  total: number
}

export const DEFAULT_WORK_LIMITS: WorkGateLimits = { perCaller: 2, total: 4 }

export class WorkRefused extends HttpError {
  constructor(
    status: 429 | 503,
    message: string,
    readonly retryAfterS = 1,
  ) {
    super(status, message)
  }
}

export function createWorkGate(limits: WorkGateLimits = DEFAULT_WORK_LIMITS) {
  const byCaller = new Map<string, number>()
  let total = 0
  return {
    /** Runs `work` for `caller` if the limits allow, else throws WorkRefused. */
    async run<T>(caller: string, work: () => Promise<T>): Promise<T> {
      const mine = byCaller.get(caller) ?? 0
      if (mine >= limits.perCaller) throw new WorkRefused(429, `you have ${mine} coverage answers in work already: wait for them`)
      if (total >= limits.total) throw new WorkRefused(503, 'the server is busy with coverage answers: try again in a moment')
      byCaller.set(caller, mine + 1)
      total++
      try {
        return await work()
      } finally {
        total--
        const left = (byCaller.get(caller) ?? 1) - 1
        if (left > 0) byCaller.set(caller, left)
        else byCaller.delete(caller)
      }
    },
    /** Answers in work now (for the tests and the health of the process). */
    inWork: () => total,
  }
}

export type WorkGate = ReturnType<typeof createWorkGate>
