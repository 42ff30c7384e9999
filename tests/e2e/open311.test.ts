// An outside system's report in the operator's console, in headless Chromium against the real
// server: a request posted over Open311 (form-encoded, as the spec sends it) appears in the feed at
// once, and its panel says where it came from — the Open311 badge, the integration, the caller's
// name, phone and e-mail, and the media URL it was sent with.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, waitForMapIdle } from '../../scripts/lib/browser'
import { issueOpen311Key } from '../../server/open311/issue-open311-key'
import { signIn, startTestApp, type TestApp } from './harness'

let app: TestApp
let browser: Browser
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  app = await startTestApp()
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await signIn(context, app.url, 'operator')
  page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(`${app.url}/`)
  await waitForMapIdle(page)
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('an Open311 request on the console', () => {
  it('appears in the feed at once and says where it came from', async () => {
    const key = await issueOpen311Key(app.db.sql, { name: 'e2e-hotline', area: '520602' })
    const res = await fetch(`${app.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'municipal.streetlight',
        lat: '27.7175',
        long: '109.1915',
        description: '市民来电：小区门口路灯整晚不亮',
        last_name: '李',
        first_name: '娜',
        phone: '13900002222',
        email: 'li.na@example.org',
        media_url: 'https://app.example.org/media/42.jpg',
      }),
    })
    expect(res.status).toBe(201)
    const [{ token }] = (await res.json()) as { token: string }[]
    await page.waitForSelector(`[data-testid=feed-list] [data-issue="${token}"]`, { timeout: 30_000 })
    await page.click(`[data-testid=feed-list] [data-issue="${token}"]`)
    await page.waitForSelector('[data-testid=open311-badge]')
    const panel = (await page.textContent('[data-testid=issue-panel]'))!
    for (const text of ['路灯故障', '李娜', '13900002222', 'li.na@example.org', '经 e2e-hotline（Open311）', 'https://app.example.org/media/42.jpg']) expect(panel).toContain(text)
    expect(pageErrors).toEqual([])
  })
})
