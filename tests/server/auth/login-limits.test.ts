// The login rule alone (issue 15: "the login limit is bypassed…", "a locked account locks out its
// real user"): an address is locked for the window after too many failures for a name; an account
// is slowed — 1 s, 2 s, 4 s … up to a minute after its last failure — never locked for long; counts
// go stale.
import { describe, expect, it } from 'vitest'
import { addFailure, decideLogin, DEFAULT_LOGIN_LIMITS, getAccountDelayMs, type FailureCount } from '../../../server/auth/login-limits.js'

const policy = { ...DEFAULT_LOGIN_LIMITS, attempts: 5 }
const t0 = new Date('2026-12-02T08:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const failures = (n: number, kind: 'address' | 'account', stepMs = 100): FailureCount => {
  let c: FailureCount | undefined
  for (let i = 0; i < n; i++) c = addFailure(c, kind, at(i * stepMs), policy)
  return c!
}

describe('decideLogin', () => {
  it('locks an address for the rest of the window after the allowed failures for a name', () => {
    const address = failures(5, 'address')
    expect(decideLogin({ address }, at(500), policy)).toEqual({ allowed: false, reason: 'address', retryAfterMs: 15 * 60_000 - 500 })
    expect(decideLogin({ address: failures(4, 'address') }, at(500), policy).allowed).toBe(true)
    expect(decideLogin({ address }, at(15 * 60_000), policy).allowed).toBe(true)
  })

  it('slows an account down after the allowed failures from any address, doubling up to a minute', () => {
    expect([4, 5, 6, 7, 10, 20].map((n) => getAccountDelayMs(n, policy))).toEqual([0, 1000, 2000, 4000, 32_000, 60_000])
    const account = failures(6, 'account')
    const last = account.lastAt.getTime() - t0.getTime()
    expect(decideLogin({ account }, at(last + 1000), policy)).toEqual({ allowed: false, reason: 'account', retryAfterMs: 1000 })
    expect(decideLogin({ account }, at(last + 2000), policy).allowed).toBe(true)
  })

  it('holds a slow guesser to about one try a minute, however long they go on', () => {
    let account: FailureCount | undefined
    let now = 0
    let tries = 0
    while (now < 60 * 60_000) {
      const verdict = decideLogin({ account }, at(now), policy)
      if (verdict.allowed) {
        account = addFailure(account, 'account', at(now), policy)
        tries++
        now += 10
      } else {
        now += verdict.retryAfterMs
      }
    }
    expect(tries).toBeLessThan(75)
  })

  it('starts an account count again after a window with no failure', () => {
    const account = failures(9, 'account')
    const later = at(account.lastAt.getTime() - t0.getTime() + 15 * 60_000)
    expect(addFailure(account, 'account', later, policy).failures).toBe(1)
    expect(decideLogin({ account }, later, policy).allowed).toBe(true)
  })
})
