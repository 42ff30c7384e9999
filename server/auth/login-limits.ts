// When a login may be tried: the rule, apart from where the counts are kept (queries/login-failures.ts).
//  - Per address and username, as before: after `attempts` failures within the window, that address
//    may not try that name again until the window (counted from the first failure) has passed.
//  - Per account, across every address: after `attempts` failures, each further try waits
//    1 s, 2 s, 4 s … up to a minute after the last failure. Guessing from many addresses is held to
//    about one try a minute, while the owner — from their own address — waits at most a minute, not
//    a quarter of an hour. The count decays: a window with no failure starts it again.
// A successful login clears both counts for that address and name.

export interface FailureCount {
  failures: number
  firstAt: Date
  lastAt: Date
}

export interface LoginLimitPolicy {
  /** Failures allowed before a limit applies. */
  attempts: number
  windowMs: number
  /** The longest an account is slowed down between tries. */
  maxDelayMs: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimitPolicy = { attempts: 10, windowMs: 15 * 60_000, maxDelayMs: 60_000 }

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; reason: 'address' | 'account' }

/** A count that still holds at `now` (the address window from its first failure, the account's from its last). */
export function isCurrent(count: FailureCount | undefined, kind: 'address' | 'account', now: Date, policy: LoginLimitPolicy): count is FailureCount {
  if (!count) return false
  const from = kind === 'address' ? count.firstAt : count.lastAt
  return now.getTime() - from.getTime() < policy.windowMs
}

/** How long an account waits after its last failure, given how many it has had. */
export function getAccountDelayMs(failures: number, policy: LoginLimitPolicy): number {
  if (failures < policy.attempts) return 0
  return Math.min(policy.maxDelayMs, 1000 * 2 ** (failures - policy.attempts))
}

export function decideLogin(counts: { address?: FailureCount; account?: FailureCount }, now: Date, policy: LoginLimitPolicy): LoginVerdict {
  const { address, account } = counts
  if (isCurrent(address, 'address', now, policy) && address.failures >= policy.attempts) {
    return { allowed: false, reason: 'address', retryAfterMs: address.firstAt.getTime() + policy.windowMs - now.getTime() }
  }
  if (isCurrent(account, 'account', now, policy)) {
    const wait = account.lastAt.getTime() + getAccountDelayMs(account.failures, policy) - now.getTime()
    if (wait > 0) return { allowed: false, reason: 'account', retryAfterMs: wait }
  }
  return { allowed: true }
}

/** The count after one more failure at `now` (a stale count starts again at one). */
export function addFailure(count: FailureCount | undefined, kind: 'address' | 'account', now: Date, policy: LoginLimitPolicy): FailureCount {
  if (!isCurrent(count, kind, now, policy)) return { failures: 1, firstAt: now, lastAt: now }
  return { failures: count.failures + 1, firstAt: count.firstAt, lastAt: now }
}
