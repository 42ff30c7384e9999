// Issue 15, "anyone can stall the server": answers are bounded (a walk of at least 100 m, at most
// 50 sites even for a target alone) and only a few are in work at once, per caller and in all.
import { describe, expect, it } from 'vitest'
import type { SuggestResponse } from '../../core/wire/coverage.js'
import { createWorkGate, WorkRefused } from '../../server/coverage/work-gate.js'
import { login } from './live-helpers.js'
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

describe('coverage off the request thread', () => {
  it('answers /api/health at once while suggestions compute (issue 15: 2.15 s beside six of them)', async () => {
    const operator = await login(served.app.url, 'operator')
    // Heavy questions: 5,000 candidate places each (the most a request may send), 50 sites, two per user (the gate's limit).
    const candidates = {
      type: 'FeatureCollection',
      features: Array.from({ length: 5000 }, (_, i) => ({ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [109.0 + (i % 100) * 0.004, 27.55 + Math.floor(i / 100) * 0.006] } })),
    }
    const heavy = (token: string, minutes: number) =>
      served.anonymous('/api/coverage/suggest', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ k: 50, minutes, speedMetersPerMinute: 80, detourFactor: 1.2, candidates }),
      })
    const t0 = performance.now()
    const work = [heavy(served.token, 3), heavy(served.token, 3.5), heavy(operator, 4), heavy(operator, 4.5)].map((p) => p.then(() => performance.now() - t0))
    const health: number[] = []
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20))
      const h0 = performance.now()
      expect((await served.anonymous('/api/health')).status).toBe(200)
      health.push(performance.now() - h0)
    }
    const done = await Promise.all(work)
    console.log(`suggestions done after ${done.map((ms) => ms.toFixed(0)).join(', ')} ms; /api/health meanwhile ${health.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    // Generous: the work takes seconds on the worker's core, an answer of health a few ms on this one.
    expect(Math.max(...health)).toBeLessThan(Math.max(1000, Math.min(...done) / 2))
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
