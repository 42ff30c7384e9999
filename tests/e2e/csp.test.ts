// Issue 15, "no browser security headers": every page under the Content-Security-Policy the server
// now sends, in headless Chromium — the console, /plan, a kiosk wall and /report, each signed in
// and drawn — with no violation reported (securitypolicyviolation events and console messages).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, waitForMapIdle } from '../../scripts/lib/browser'
import { loginApi, signIn, startTestApp, type TestApp } from './harness'

let app: TestApp
let browser: Browser
const violations: string[] = []
const pageErrors: string[] = []

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(`${path}: ${e.message}`))
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(`${path}: ${m.text()}`))
  await page.exposeFunction('__reportCsp', (v: string) => violations.push(`${path}: ${v}`))
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __reportCsp(v: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`)),
  )
  await page.goto(`${app.url}${path}`)
  return page
}

beforeAll(async () => {
  app = await startTestApp()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('under the Content-Security-Policy', () => {
  it('sends the policy, no referrer and no framing', async () => {
    const res = await fetch(`${app.url}/`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('draws the console, /plan, a kiosk wall and /report with no violation', async () => {
    const operator = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await signIn(operator, app.url, 'operator')
    const consolePage = await open(operator, '/')
    await waitForMapIdle(consolePage)
    // The residents' heat layer (tiles with the session's token) and the facility pictograms (data: images).
    await consolePage.evaluate(() => window.__gridpulseMap!.jumpTo({ center: [109.19, 27.72], zoom: 15 }))
    await waitForMapIdle(consolePage)
    const planPage = await open(operator, '/plan')
    await waitForMapIdle(planPage)
    await planPage.waitForFunction(() => (window.__gridpulsePlanTimings?.length ?? 0) > 0, undefined, { timeout: 60_000 })

    const { token } = await loginApi(app.url, 'operator')
    const wall = (await (
      await fetch(`${app.url}/api/wall-tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ label: 'csp', area: '520602007' }) })
    ).json()) as { token: string }
    const kiosk = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const wallPage = await open(kiosk, `/wall?token=${wall.token}`)
    await waitForMapIdle(wallPage)

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } })
    await signIn(phone, app.url, 'worker')
    const reportPage = await open(phone, '/report')
    await reportPage.waitForFunction(() => (window as unknown as { __gridpulseReportMap?: { loaded(): boolean } }).__gridpulseReportMap?.loaded() === true, undefined, { timeout: 60_000 })
    await reportPage.waitForSelector('[data-testid=connection]:has-text("实时"), [data-testid=connection]:has-text("Live")', { timeout: 30_000 })

    expect(violations).toEqual([])
    expect(pageErrors).toEqual([])
    await Promise.all([operator.close(), kiosk.close(), phone.close()])
  })
})
