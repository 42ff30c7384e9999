// Live closures in headless Chromium against the real server: a flooded underpass reported by a
// grid worker cuts residents off on /plan (figures, card, the closed street on the map) and on the
// console (card, the closed street) within moments, over the sockets; the planner's switch walks the
// whole network again; rejecting the issue gives the street back on both pages. An operator's passage
// mark on any open issue, set and taken off from its panel, does the same.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import type { ClosuresResponse } from '../../core/wire/closures'
import { launchBrowser, waitForMapIdle, waitForRender } from '../../scripts/lib/browser'
import { loginApi, signIn, startTestApp, type TestApp } from './harness'

// The demo's northern underpass beneath the expressway (geodata/roads.geojson).
const UNDERPASS = { lon: 109.200193, lat: 27.749023 }

let app: TestApp
let browser: Browser
let plan: Page
let console_: Page
let operator: string
let closureId: string | undefined
const pageErrors: string[] = []
const num = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

async function post(path: string, token: string, body: unknown) {
  const res = await fetch(app.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as { issue: { id: string } } }
}

/** The features of the closures' source on the page's map. */
const closureFeatures = (page: Page) =>
  page.evaluate(() => {
    const map = window.__gridpulseMap!
    return map.querySourceFeatures('gp-closures').map((f) => f.geometry.type)
  })

beforeAll(async () => {
  app = await startTestApp()
  operator = (await loginApi(app.url, 'operator')).token
  browser = await launchBrowser()
  const planContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await signIn(planContext, app.url, 'planner')
  plan = await planContext.newPage()
  const consoleContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await signIn(consoleContext, app.url, 'operator')
  console_ = await consoleContext.newPage()
  for (const p of [plan, console_]) p.on('pageerror', (e) => pageErrors.push(e.message))
  await plan.goto(`${app.url}/plan?metric=network&level=grid`)
  await console_.goto(`${app.url}/`)
  await Promise.all([waitForMapIdle(plan), waitForMapIdle(console_)])
  await plan.waitForSelector('[data-testid=covered]')
})

afterAll(async () => {
  // Never leave the closure open for the other browser tests (they share the data).
  if (closureId) await post(`/api/issues/${closureId}/transitions`, operator, { action: 'reject', note: 'test over' }).catch(() => undefined)
  await browser?.close()
  await app?.close()
})

describe('a live closure on /plan and the console', () => {
  it('cuts residents off on both pages as soon as it is reported, and gives them back when it ends', async () => {
    await plan.waitForFunction(() => (window.__gridpulsePlanTimings?.length ?? 0) > 0)
    const covered = num(await plan.textContent('[data-testid=covered]'))
    expect(await plan.$('[data-testid=plan-closures]')).toBeNull()
    expect(await console_.$('[data-testid=console-closures]')).toBeNull()

    const worker = (await loginApi(app.url, 'worker')).token
    const reported = await post('/api/issues', worker, { id: randomUUID(), category: 'municipal.waterlogging', description: '下穿通道积水，行人无法通过', ...UNDERPASS })
    expect(reported.status).toBe(201)
    closureId = reported.body.issue.id

    // /plan: the card says what the closure costs the planner's walk, and the figures already leave the street out.
    await plan.waitForSelector('[data-testid=plan-closures]', { timeout: 30_000 })
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) < before, covered, { timeout: 30_000 })
    const lost = Number(await plan.getAttribute('[data-testid=plan-closures]', 'data-population'))
    expect(lost).toBeGreaterThan(100)
    expect(num(await plan.textContent('[data-testid=covered]'))).toBe(covered - lost)
    expect(await plan.textContent('[data-testid=plan-closures-headline]')).toContain(lost.toLocaleString('zh-CN'))
    expect(await plan.textContent('[data-testid=plan-closures]')).toContain('道路积水')
    await waitForRender(plan)
    expect(await closureFeatures(plan)).toContain('LineString')

    // The same figure on the console (the server measures every service point at 15 minutes, as /plan's defaults do).
    await console_.waitForSelector('[data-testid=console-closures]', { timeout: 30_000 })
    const server = (await (await fetch(`${app.url}/api/closures`, { headers: { Authorization: `Bearer ${operator}` } })).json()) as ClosuresResponse
    expect(Number(await console_.getAttribute('[data-testid=console-closures]', 'data-population'))).toBe(server.total!.population)
    expect(server.total!.population).toBe(lost)
    await waitForRender(console_)
    expect(await closureFeatures(console_)).toContain('LineString')
    // A row opens the issue.
    await console_.click(`[data-testid=console-closures] [data-closure="${closureId}"]`)
    await console_.waitForSelector('[data-testid=issue-panel]')

    // The planner's switch walks the whole network again; the URL keeps it.
    await plan.click('[data-testid=closures-apply]')
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) === before, covered, { timeout: 30_000 })
    expect(plan.url()).toContain('closures=none')
    await plan.click('[data-testid=closures-apply]')
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) < before, covered, { timeout: 30_000 })

    // Rejected: the street is back on both pages.
    expect((await post(`/api/issues/${closureId}/transitions`, operator, { action: 'reject', note: '已排水，恢复通行' })).status).toBe(200)
    closureId = undefined
    await plan.waitForSelector('[data-testid=plan-closures]', { state: 'detached', timeout: 30_000 })
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) === before, covered, { timeout: 30_000 })
    await console_.waitForSelector('[data-testid=console-closures]', { state: 'detached', timeout: 30_000 })
    expect(pageErrors).toEqual([])
  })

  it('lets the operator mark any open issue as blocking passage from its panel, and take the mark off', async () => {
    const covered = num(await plan.textContent('[data-testid=covered]'))
    const worker = (await loginApi(app.url, 'worker')).token
    const reported = await post('/api/issues', worker, { id: randomUUID(), category: 'municipal.manhole', description: '井盖缺失，通道拉起警戒线', ...UNDERPASS })
    expect(reported.status).toBe(201)
    closureId = reported.body.issue.id
    await console_.goto(`${app.url}/?issue=${closureId}`)
    await console_.waitForSelector('[data-testid=passage-toggle][data-blocks=false]')
    expect(await console_.$('[data-testid=passage-badge]')).toBeNull()

    // Marked with a note, confirmed first: the badge, the timeline, the card and /plan follow.
    await console_.click('[data-testid=passage-toggle]')
    expect(await console_.textContent('[data-testid=passage-form]')).toContain('20 米')
    await console_.fill('[data-testid=passage-note]', '警戒线封闭通道')
    await console_.click('[data-testid=confirm-passage]')
    await console_.waitForSelector('[data-testid=passage-badge]')
    await console_.waitForSelector('[data-testid=passage-toggle][data-blocks=true]')
    await console_.waitForFunction(() => document.querySelector('[data-testid=timeline]')!.textContent!.includes('标记阻断通行'), undefined, { timeout: 30_000 })
    expect(await console_.textContent('[data-testid=timeline]')).toContain('警戒线封闭通道')
    expect(await console_.textContent('[data-testid=issue-status]')).toContain('待受理')
    await console_.waitForSelector('[data-testid=console-closures]', { timeout: 30_000 })
    expect(await console_.textContent('[data-testid=console-closures]')).toContain('井盖缺失')
    await plan.waitForSelector('[data-testid=plan-closures]', { timeout: 30_000 })
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) < before, covered, { timeout: 30_000 })
    const lost = Number(await plan.getAttribute('[data-testid=plan-closures]', 'data-population'))
    expect(lost).toBeGreaterThan(100)
    expect(Number(await console_.getAttribute('[data-testid=console-closures]', 'data-population'))).toBe(lost)

    // The mark taken off: the street is back on both pages.
    await console_.click('[data-testid=passage-toggle]')
    await console_.click('[data-testid=confirm-passage]')
    await console_.waitForSelector('[data-testid=passage-toggle][data-blocks=false]')
    await console_.waitForSelector('[data-testid=console-closures]', { state: 'detached', timeout: 30_000 })
    await plan.waitForSelector('[data-testid=plan-closures]', { state: 'detached', timeout: 30_000 })
    await plan.waitForFunction((before) => Number(document.querySelector('[data-testid=covered]')!.textContent!.replace(/[^\d]/g, '')) === before, covered, { timeout: 30_000 })
    expect(await console_.textContent('[data-testid=timeline]')).toContain('取消阻断通行')
    expect(pageErrors).toEqual([])
  })

  it('tells a grid worker on /report that a closing kind closes the street while it is open', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    await signIn(context, app.url, 'worker')
    const report = await context.newPage()
    await report.goto(`${app.url}/report`)
    await report.click('[data-category=municipal]')
    await report.check('input[value="municipal.road_damage"]', { force: true })
    expect(await report.$('[data-testid=closure-hint]')).toBeNull()
    await report.check('input[value="municipal.waterlogging"]', { force: true })
    expect(await report.textContent('[data-testid=closure-hint]')).toContain('20 米')
    await context.close()
  })
})
