// A new user's first minutes, in headless Chromium: a server started as `npm start` starts on a
// fresh folder (days of demo history, the demo activity running) shows a full, moving product to
// each role — the console's feed and figures are not empty and change while nobody posts, the
// wall ranks hotspots with a history behind them (not every one "emerging"), and every page says
// it is demo data.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../scripts/lib/browser'
import { loginApi, signIn, startTestApp, type TestApp } from './harness'
import type { IssueSummary } from '../../core/wire/issues'

let app: TestApp
let browser: Browser
let dataDir: string
const pageErrors: string[] = []

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-living-e2e-'))
  app = await startTestApp({ living: { dataDir, historyDays: 14, periodMs: 400 } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function openAs(username: string, pathname: string, size = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser.newContext({ viewport: size })
  await signIn(context, app.url, username)
  const page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(`${app.url}${pathname}`)
  return page
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

describe('the living demo in the browser', () => {
  it('shows the operator a full console that moves while nobody posts', async () => {
    const page = await openAs('operator', '/')
    // Ready (the loading banner gone) while the feed keeps the live sources busy: it once took minutes.
    await page.waitForFunction(() => window.__gridpulseReady === true, undefined, { timeout: 60_000 })
    expect(await page.getByText('正在加载地图数据').count()).toBe(0)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="feed-count"]')?.textContent ?? ''))
    const feed = number(await page.getByTestId('feed-count').textContent())
    expect(feed).toBeGreaterThan(0)
    const open = () => page.getByTestId('fig-open').locator('.tile__value').textContent()
    expect(number(await open())).toBeGreaterThan(0)
    // The figures of the day come from the server, not "–".
    await page.waitForFunction(() => !/–/.test(document.querySelector('[data-testid="fig-times"] .tile__value')?.textContent ?? '–'), undefined, { timeout: 60_000 })
    // Nobody posts: the demo activity's reports and steps change what the console shows.
    const before = `${await open()} ${await page.getByTestId('feed-count').textContent()} ${await page.getByTestId('fig-reported').textContent()}`
    await page.waitForFunction(
      (b) => {
        const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''
        return `${document.querySelector('[data-testid="fig-open"] .tile__value')?.textContent} ${text('feed-count')} ${text('fig-reported')}` !== b
      },
      before,
      { timeout: 90_000 },
    )
    await expect(page.getByTestId('demo-badge').textContent()).resolves.toContain('演示数据')
    // The start-up snapshot holds the open issues and a day's finished ones; the rest of the week's
    // finished ones follow once the page is live (issue 17): one closed days ago is found in "all".
    const { token } = await loginApi(app.url, 'operator')
    const since = new Date(Date.now() - 6 * 86_400_000).toISOString()
    let older: IssueSummary | undefined
    for (let before = ''; !older; ) {
      const list = (await (await fetch(`${app.url}/api/issues?status=closed&since=${encodeURIComponent(since)}&limit=500${before}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { issues: IssueSummary[]; nextCursor: string | null }
      older = list.issues.find((i) => Date.now() - Date.parse(i.updatedAt) > 30 * 3_600_000)
      if (!list.nextCursor) break
      before = `&before=${list.nextCursor}`
    }
    expect(older, 'the demo history closes issues every day').toBeDefined()
    await page.click('[data-scope=all]')
    await page.fill('[data-testid=feed-search]', older!.code)
    await expect.poll(() => page.$$eval('[data-testid=feed-list] [data-issue]', (els) => els.map((e) => e.getAttribute('data-issue')))).toEqual([older!.id])
    await page.context().close()
  })

  it('shows a street leader a wall whose hotspots have a history behind them', async () => {
    const page = await openAs('leader-520602007', '/wall?autopilot=off')
    await page.waitForFunction(() => window.__gridpulseReady === true, undefined, { timeout: 60_000 })
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="wall-hotspots"] li').length >= 3, undefined, { timeout: 90_000 })
    // With weeks behind them, the hotspots are compared with the window before: the spotlight of one
    // of them, at least, counts issues there (上期 N 件). (Not "some hotspot is not 新兴": a street's
    // cells hold a few issues a week, and the week's top ten are mostly those that drew more than the
    // week before — on 2026-12-05 every one of them at r9 and at grid level was emerging, its window
    // before holding 0–3 issues.)
    const listed = page.locator('[data-testid="wall-hotspots"] li')
    const count = await listed.count()
    let before = 0
    for (let k = 0; k < count && before === 0; k++) {
      await listed.nth(k).locator('button').click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="wall-hotspots"] li')[n]?.getAttribute('aria-current') === 'true', k)
      before = number(await page.getByTestId('wall-spotlight').locator('.wall-spotlight__row small').textContent())
    }
    expect(before).toBeGreaterThan(0)
    await expect(page.getByTestId('demo-badge').isVisible()).resolves.toBe(true)
    await page.context().close()
  })

  it('says it is demo data on the planner and the phone page too', async () => {
    for (const [user, where, size] of [
      ['planner', '/plan', { width: 1440, height: 900 }],
      ['worker', '/report', { width: 390, height: 844 }],
    ] as const) {
      const page = await openAs(user, where, size)
      await page.getByTestId('demo-badge').waitFor({ timeout: 60_000 })
      await expect(page.getByTestId('demo-badge').textContent()).resolves.toContain('演示数据')
      await page.context().close()
    }
    expect(pageErrors).toEqual([])
  })
})
