// A new version of the phone page while a worker is writing a report, in headless Chromium: the
// server serves a copy of the built client, changed mid-test into a "new version" (its index.html
// marked, and its service worker's list with the page's new revision, as a new build has). The page
// says that a new version is ready and goes on as it is — the report being written untouched — and
// the new version is what opens next time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../scripts/lib/browser'
import { CLIENT_DIR } from '../../server/index'
import { signIn, startTestApp, type TestApp } from './harness'

let app: TestApp
let browser: Browser
let context: BrowserContext
let clientDir: string
const pageErrors: string[] = []

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-client-'))
  fs.cpSync(CLIENT_DIR, clientDir, { recursive: true })
  app = await startTestApp({ clientDir })
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  await signIn(context, app.url, 'worker')
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  if (clientDir) fs.rmSync(clientDir, { recursive: true, force: true })
})

/** Makes the served client a new version: a marked page, and the worker's list naming its new revision. */
function publishNewVersion(): void {
  const index = path.join(clientDir, 'index.html')
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', '<head><meta name="gridpulse-build" content="v2">'))
  const sw = path.join(clientDir, 'sw.js')
  const before = fs.readFileSync(sw, 'utf8')
  const after = before.replace(/\{url:"index\.html",revision:"[0-9a-f]+"\}/, '{url:"index.html",revision:"v2"}')
  expect(after).not.toBe(before)
  fs.writeFileSync(sw, after)
}

const build = (p: Page) => p.evaluate(() => document.querySelector('meta[name=gridpulse-build]')?.getAttribute('content') ?? 'v1')

async function openReport(): Promise<Page> {
  const p = await context.newPage()
  p.on('pageerror', (e) => pageErrors.push(e.message))
  await p.goto(`${app.url}/report`)
  await p.waitForSelector('[data-testid=report-form]')
  return p
}

describe('a new version of /report', () => {
  it('is announced while a report is written, leaves it alone, and opens next time', async () => {
    let page = await openReport()
    expect(await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => 'ready'), new Promise((resolve) => setTimeout(() => resolve('no service worker within 20 s'), 20_000))]))).toBe('ready')
    await page.reload()
    await page.waitForSelector('[data-testid=report-form]')
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
    expect(await page.$('[data-testid=report-update]')).toBeNull()

    // Half a report written, then a new version is published and found.
    await page.fill('#report-description', '写到一半的上报')
    publishNewVersion()
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/report')
      await registration!.update()
    })
    await page.waitForSelector('[data-testid=report-update]', { timeout: 30_000 })
    // Nothing changed under the worker's hands.
    expect(await build(page)).toBe('v1')
    expect(await page.inputValue('#report-description')).toBe('写到一半的上报')
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/report'))?.waiting)).toBe(true)

    // Closed and opened again: the new version, and the draft kept. (The waiting worker takes over
    // once no page is left on the old one: a page outside its scope watches for that first.)
    await page.close()
    const outside = await context.newPage()
    await outside.goto(`${app.url}/api/health`)
    await expect
      .poll(() => outside.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration('/report'); return !r?.waiting && r?.active?.state === 'activated' }), { timeout: 15_000 })
      .toBe(true)
    await outside.close()
    page = await openReport()
    await expect.poll(() => build(page), { timeout: 15_000 }).toBe('v2')
    expect(await page.inputValue('#report-description')).toBe('写到一半的上报')
    expect(await page.$('[data-testid=report-update]')).toBeNull()
    expect(pageErrors).toEqual([])
  })
})
