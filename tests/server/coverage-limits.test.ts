// Issue 15, "anyone can stall the server": answers are bounded (a walk of at least 100 m, at most
// 50 sites even for a target alone) and only a few are in work at once, per caller and in all.
import { describe, expect, it } from 'vitest'
import type { SuggestResponse } from '../../core/wire/coverage.js'
import { createWorkGate, WorkRefused } from '../../server/coverage/work-gate.js'
import { useServedApp } from './test-db.js'

const served = useServedApp()

const post = async (body: unknown) => {
  const res = await served.fetch('/api/coverage/suggest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as SuggestResponse & { error?: { message: string } } }
}

describe('coverage limits', () => {
  it('refuses a walk shorter than 100 m with a 400 that says so', async () => {
    const { status, body } = await post({ targetPct: 100, minutes: 1, speedMetersPerMinute: 20, detourFactor: 3 })
    expect(status).toBe(400)
    expect(body.error?.message).toMatch(/at least 100 m/)
    const res = await served.fetch('/api/coverage?minutes=1&speed=20&detour=3')
    expect(res.status).toBe(400)
  })

  it('stops a target-only suggestion at 50 sites', async () => {
    const { status, body } = await post({ targetPct: 100, minutes: 2, speedMetersPerMinute: 60, detourFactor: 1 })
    expect(status).toBe(200)
    expect(body.sites.features.length).toBeLessThanOrEqual(50)
  })
})

describe('work gate', () => {
  const held = () => {
    let release!: () => void
    const done = new Promise<void>((r) => (release = r))
    return { done, release }
  }

  it('lets a caller have two answers in work and refuses the third with 429; the server four in all, then 503', async () => {
    const gate = createWorkGate({ perCaller: 2, total: 4 })
    const a = [held(), held()]
    const running = a.map((h) => gate.run('planner', () => h.done))
    await expect(gate.run('planner', async () => 1)).rejects.toMatchObject({ status: 429 })
    const b = [held(), held()]
    const others = b.map((h) => gate.run('operator', () => h.done))
    expect(gate.inWork()).toBe(4)
    const refused = await gate.run('admin', async () => 1).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WorkRefused)
    expect(refused).toMatchObject({ status: 503, retryAfterS: 1 })
    for (const h of [...a, ...b]) h.release()
    await Promise.all([...running, ...others])
    expect(gate.inWork()).toBe(0)
    expect(await gate.run('planner', async () => 'answered')).toBe('answered')
  })

  it('frees the place of an answer that failed', async () => {
    const gate = createWorkGate({ perCaller: 1, total: 1 })
    await expect(gate.run('planner', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.run('planner', async () => 2)).toBe(2)
  })
})
