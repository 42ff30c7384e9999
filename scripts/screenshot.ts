// `npx tsx scripts/screenshot.ts`: screenshots of the running app in headless Chromium — the
// district overview and a zoomed-in detail, in Chinese and in English, plus the population
// heatmap and the basemap dialog — for a human to look at.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { resolveDemoPassword } from '../server/auth/demo-users.js'
import { readConfig } from '../server/config.js'
import { loginAs } from './lib/api-client.js'
import { launchBrowser, recordRequests, waitForMapIdle, waitForRender } from './lib/browser.js'

const usage = `Usage: npx tsx scripts/screenshot.ts [--url URL] [--out DIR] [--size WxH]

Opens the running GridPulse app (npm start) in headless Chromium and saves PNG screenshots,
logged in as 'operator' (and 'worker' to post the reports it shows).
The console (/):
  console-quiet-zh.png               the live map of today's issues
  console-red-zh.png                 a red report just arrived (flash, feed, counters)
  console-issue-zh.png               that issue open, with its timeline and actions
  console-area-zh.png                drilled into 锦江街道
  console-figures-zh.png             the evaluation figures per street
  console-en.png                     in English
The map layers:
  overview-zh.png, overview-en.png   the whole district in Chinese and English
  detail-zh.png, detail-en.png       zoomed to the densest cluster of service points
  demand-zh.png                      the population heatmap switched on
  basemap-dialog-zh.png              the basemap settings dialog
The planner's page (/plan; it stores scenarios in a fresh browser profile, never in yours):
  plan-zh.png, plan-en.png           15-minute coverage of the district
  plan-area-zh.png                   the worst grid, flown to, with its figures
  plan-whatif-zh.png                 two stations placed where the server suggests them
  plan-suggest-zh.png                five more sites suggested on top of them
  plan-compare-zh.png                the scenario compared with today
  plan-print-zh.png                  the printed report (print media, whole page)
The wall screen (/wall, a wall token for 环北街道; run the simulator first so it has hotspots):
  wall-tour-zh.png                   1920×1080, the autopilot showing its first hotspot
  wall-alert-zh.png                  a red report in the street interrupting the tour
  wall-grid-zh.png                   drilled into the hottest grid, an open issue shown
  wall-4k-zh.png, wall-5760-zh.png   the same wall on 3840×2160 and on a 5760×1080 spliced wall
  wall-en.png                        in English
  wall-remote-zh.png                 /wall/remote on a phone (390×844)
The grid worker's phone page (/report, 390×844, as 'worker'):
  report-zh.png, report-en.png       the form, the tap map on the worker's grid, a place picked and named
  report-mine-zh.png                 the worker's own reports below it
It also reports any request that went to a host other than the app's.

Options:
  --url URL     the app (default http://127.0.0.1:3000)
  --out DIR     where to write (default screenshots/, git-ignored)
  --size WxH    viewport in CSS pixels (default 1280x800)
  --view V      console, shell, plan, wall, report or all (default all)
  --password P  the demo accounts' password (default: DEMO_PASSWORD, else the one npm start
                generated in DATA_DIR)
  --help        this text

Chromium: /usr/bin/chromium, or CHROMIUM_PATH.`

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        out: { type: 'string', default: 'screenshots' },
        size: { type: 'string', default: '1280x800' },
        view: { type: 'string', default: 'all' },
        password: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    })
    if (values.help) {
      console.log(usage)
      process.exit(0)
    }
    const size = /^(\d{3,5})x(\d{3,5})$/.exec(values.size)
    if (!size) throw new Error(`--size must look like 1280x800, got ${values.size}`)
    if (!['console', 'shell', 'plan', 'wall', 'report', 'all'].includes(values.view)) throw new Error(`--view must be console, shell, plan, wall, report or all, got ${values.view}`)
    const config = readConfig()
    const password = values.password ?? resolveDemoPassword(config.demoPassword, config.dataDir).password
    return { url: values.url.replace(/\/+$/, ''), out: values.out, width: Number(size[1]), height: Number(size[2]), view: values.view, password }
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`)
    process.exit(2)
  }
}

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.click(`[data-testid=language-switch] [data-language="${language}"]`)
  await waitForRender(page)
}

/** Centres the map on the service point with the most others within ~800 m, at street level. */
async function zoomToDensestCluster(page: Page, zoom: number) {
  await page.evaluate(async (z) => {
    const map = window.__gridpulseMap!
    const points = map.querySourceFeatures('gp-facilities').map((f) => (f.geometry as GeoJSON.Point).coordinates)
    let best = points[0]
    let bestCount = -1
    for (const p of points) {
      const n = points.filter((q) => Math.abs(q[0] - p[0]) < 0.008 && Math.abs(q[1] - p[1]) < 0.007).length
      if (n > bestCount) [best, bestCount] = [p, n]
    }
    if (best) map.jumpTo({ center: best as [number, number], zoom: z })
  }, zoom)
  await waitForRender(page)
}

/** The analyses /plan has shown so far. */
const countAnalyses = (page: Page) => page.evaluate(() => window.__gridpulsePlanTimings?.length ?? 0)

async function waitForAnalysis(page: Page, before: number) {
  await page.waitForFunction((n) => (window.__gridpulsePlanTimings?.length ?? 0) > n, before, { timeout: 60_000 })
  // On the network the stations' service areas follow the figures (the analysis's details).
  await page.waitForSelector('[data-testid=plan-summary]:not([data-details-pending])', { timeout: 60_000 })
  await page.waitForTimeout(400)
  await waitForRender(page)
}

async function clickOnMap(page: Page, [lon, lat]: number[]) {
  const at = await page.evaluate(([lo, la]) => window.__gridpulseMap!.project([lo, la]), [lon, lat])
  await page.mouse.click(at.x, at.y)
}

async function shootPlan(page: Page, url: string, shoot: (name: string, fullPage?: boolean) => Promise<void>) {
  await page.goto(`${url}/plan`, { waitUntil: 'load' })
  await waitForMapIdle(page)
  await waitForAnalysis(page, 0)
  await shoot('plan-zh')
  await page.click('[data-testid=area-list] li:first-child button')
  await page.waitForTimeout(1200)
  await waitForRender(page)
  await shoot('plan-area-zh')
  await page.click('.fit-district-button')
  await page.waitForTimeout(900)

  // Two stations where the server's suggestion would put them, placed with the add tool.
  // The page's own session (the operator's): the planning API needs a signed-in planning role.
  const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('gridpulse.session') ?? '{}') as { token?: string }).token ?? '')
  const suggested = (await (await fetch(`${url}/api/coverage/suggest`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ k: 2 }) })).json()) as {
    sites: { features: { geometry: { coordinates: number[] } }[] }
  }
  await page.click('[data-tool=add]')
  for (const site of suggested.sites.features) {
    const before = await countAnalyses(page)
    await clickOnMap(page, site.geometry.coordinates)
    await waitForAnalysis(page, before)
  }
  await page.click('[data-tool=pan]')
  await page.click('[data-panel=scenario]')
  await waitForRender(page)
  await shoot('plan-whatif-zh')

  await page.click('[data-panel=suggest]')
  await page.fill('[data-testid=suggest-k]', '5')
  await page.click('[data-testid=run-suggest]')
  await page.waitForSelector('[data-testid=site-list] li')
  await waitForRender(page)
  await shoot('plan-suggest-zh')

  const before = await countAnalyses(page)
  await page.click('[data-testid=keep-suggestions]')
  await waitForAnalysis(page, before)
  await page.click('[data-panel=compare]')
  await page.waitForSelector('[data-testid=compare-table]')
  await waitForRender(page)
  await shoot('plan-compare-zh')

  await setLanguage(page, 'en')
  await page.click('[data-panel=areas]')
  await waitForRender(page)
  await shoot('plan-en')
  await setLanguage(page, 'zh-CN')

  await page.evaluate(() => void (window.print = () => undefined))
  await page.click('[data-testid=print]')
  await page.waitForFunction(() => !!document.querySelector('.print-report__map'))
  await page.emulateMedia({ media: 'print' })
  await shoot('plan-print-zh', true)
  await page.emulateMedia({ media: 'screen' })
}

const login = loginAs

async function shootConsole(page: Page, url: string, password: string, shoot: (name: string) => Promise<void>) {
  await page.goto(`${url}/`, { waitUntil: 'load' })
  await waitForMapIdle(page)
  await page.waitForSelector('[data-testid=connection][data-state=live]')
  await page.waitForTimeout(1500)
  await shoot('console-quiet-zh')
  // A red report in 锦江街道, as a grid worker sends it.
  const worker = await login(url, 'worker', password)
  const labels = (await (await fetch(`${url}/api/areas?geometry=label&level=grid`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Point, { code: string }>
  const [lon, lat] = labels.features.find((f) => f.properties.code.startsWith('520602007'))!.geometry.coordinates
  const res = await fetch(`${url}/api/issues`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${worker.token}` },
    body: JSON.stringify({ id: randomUUID(), category: 'public_safety.fight', description: '锦江广场有人聚众斗殴，已有人受伤，请速派人处置', lon, lat, address: '锦江广场东侧' }),
  })
  const { issue } = (await res.json()) as { issue: { id: string } }
  await page.waitForSelector(`[data-testid=feed-list] [data-issue="${issue.id}"]`)
  await waitForRender(page)
  await shoot('console-red-zh')
  await page.click(`[data-testid=feed-list] [data-issue="${issue.id}"]`)
  await page.waitForSelector('[data-testid=issue-actions]')
  await page.evaluate(([lo, la]) => window.__gridpulseMap!.jumpTo({ center: [lo, la], zoom: 15 }), [lon, lat])
  await waitForRender(page)
  await shoot('console-issue-zh')
  await page.click('[data-testid=close-issue]')
  await page.goto(`${url}/?area=520602007`, { waitUntil: 'load' })
  await waitForMapIdle(page)
  await page.waitForSelector('[data-testid=area-figures]')
  await page.waitForTimeout(1200)
  await waitForRender(page)
  await shoot('console-area-zh')
  await page.click('[data-testid=open-figures]')
  await page.waitForSelector('[data-testid=figures-dialog] table')
  await shoot('console-figures-zh')
  await page.keyboard.press('Escape')
  await page.goto(`${url}/`, { waitUntil: 'load' })
  await waitForMapIdle(page)
  await setLanguage(page, 'en')
  await page.waitForTimeout(800)
  await shoot('console-en')
  await setLanguage(page, 'zh-CN')
}

/** The wall of 环北街道 at three screen sizes, an alert, a drilled grid, English, and the remote. */
async function shootWall(context: BrowserContext, url: string, out: string, password: string, operatorToken: string, shots: string[]) {
  const res = await fetch(`${url}/api/wall-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${operatorToken}` },
    body: JSON.stringify({ label: '环北街道会议室 (screenshots)', area: '520602002', days: 1 }),
  })
  if (res.status !== 201) throw new Error(`cannot create a wall token: ${res.status}`)
  const wall = (await res.json()) as { id: string; token: string }
  const open = async (size: [number, number], query: string) => {
    const page = await context.newPage()
    await page.setViewportSize({ width: size[0], height: size[1] })
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`))
    await page.goto(`${url}/wall?token=${wall.token}${query}`, { waitUntil: 'load' })
    await waitForMapIdle(page)
    await page.waitForFunction(() => (window.__gridpulseWall?.issues.length ?? 0) > 0, undefined, { timeout: 30_000 })
    return page
  }
  const snap = async (page: Page, name: string) => {
    await page.waitForTimeout(2200)
    await waitForRender(page)
    const file = path.join(out, `${name}.png`)
    await page.screenshot({ path: file })
    shots.push(file)
  }
  const tour = '&tour=60&idle=3&alert=60'
  let page = await open([1920, 1080], tour)
  await page.waitForSelector('[data-testid=wall-spotlight]', { timeout: 30_000 })
  await snap(page, 'wall-tour-zh')
  const worker = await login(url, 'worker', password)
  const labels = (await (await fetch(`${url}/api/areas?geometry=label&level=grid`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Point, { code: string }>
  const [lon, lat] = labels.features.find((f) => f.properties.code.startsWith('520602002'))!.geometry.coordinates
  const posted = await fetch(`${url}/api/issues`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${worker.token}` },
    body: JSON.stringify({ id: randomUUID(), category: 'municipal.manhole', description: '北门路井盖缺失，已有行人险些跌落，请速处置', lon, lat, address: '北门路与环北路交叉口' }),
  })
  const { issue } = (await posted.json()) as { issue: { id: string } }
  await page.waitForSelector(`[data-testid=wall-alert][data-issue-id="${issue.id}"]`, { timeout: 10_000 })
  await snap(page, 'wall-alert-zh')
  const hottest = (await page.evaluate('document.querySelector("[data-testid=wall-hotspots] li")?.dataset.key')) as string | undefined
  await page.close()
  // The hottest hexagon's grid, with its worst open issue shown.
  page = await open([1920, 1080], '&autopilot=off&level=grid')
  const grid = (await page.evaluate('document.querySelector("[data-testid=wall-hotspots] li")?.dataset.key')) as string | undefined
  await page.close()
  page = await open([1920, 1080], `&autopilot=off&area=${grid ?? hottest ?? ''}`)
  await page.click('[data-testid=wall-open-issues] button[data-issue-id]')
  await snap(page, 'wall-grid-zh')
  await page.close()
  for (const [name, size] of [
    ['wall-4k-zh', [3840, 2160]],
    ['wall-5760-zh', [5760, 1080]],
  ] as const) {
    page = await open([size[0], size[1]], tour)
    await page.waitForSelector('[data-testid=wall-spotlight]', { timeout: 30_000 })
    await snap(page, name)
    await page.close()
  }
  page = await open([1920, 1080], `${tour}&lang=en`)
  await page.waitForSelector('[data-testid=wall-spotlight]', { timeout: 30_000 })
  await snap(page, 'wall-en')
  // The remote, next to a screen that shows the wall.
  const remote = await context.newPage()
  await remote.setViewportSize({ width: 390, height: 844 })
  await remote.goto(`${url}/wall/remote?token=${wall.token}&lang=zh-CN`, { waitUntil: 'load' })
  await remote.waitForSelector('[data-testid=remote-hotspots] button')
  await remote.waitForTimeout(800)
  const file = path.join(out, 'wall-remote-zh.png')
  await remote.screenshot({ path: file })
  shots.push(file)
  await remote.close()
  await page.close()
  await fetch(`${url}/api/wall-tokens/${wall.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${operatorToken}` } })
}

async function main() {
  const { url, out, width, height, view, password } = parseCli()
  fs.mkdirSync(out, { recursive: true })
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'zh-CN' })
    const recorder = recordRequests(context)
    const operator = await login(url, 'operator', password)
    await context.addInitScript((session) => localStorage.setItem('gridpulse.session', session), JSON.stringify({ token: operator.token, expiresAt: operator.expiresAt, user: operator.user }))
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`))
    page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`))
    await page.goto(`${url}/`, { waitUntil: 'load' })
    await waitForMapIdle(page)
    await page.evaluate(() => document.fonts.ready)

    const shots: string[] = []
    const shoot = async (name: string, fullPage = false) => {
      const file = path.join(out, `${name}.png`)
      await page.screenshot({ path: file, fullPage })
      shots.push(file)
    }
    if (view === 'all' || view === 'console') await shootConsole(page, url, password, shoot)
    if (view === 'all' || view === 'shell') await shootShell(page, url, shoot)
    if (view === 'all' || view === 'plan') await shootPlan(page, url, shoot)
    if (view === 'all' || view === 'wall') await shootWall(context, url, out, password, operator.token, shots)
    if (view === 'all' || view === 'report') await shootReport(browser, url, out, password, shots)

    for (const f of shots) console.log(f)
    const foreign = recorder.getForeignRequests([new URL(url).hostname])
    if (foreign.length) {
      console.error(`requests to other hosts:\n${foreign.map((r) => `  ${r.url}`).join('\n')}`)
      process.exitCode = 1
    }
  } finally {
    await browser.close()
  }
}

/** /report on a phone as the demo grid worker: the form with a place picked on the tap map, in both languages. */
async function shootReport(browser: Browser, url: string, out: string, password: string, shots: string[]) {
  const worker = await login(url, 'worker', password)
  for (const language of ['zh-CN', 'en'] as const) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: language })
    await context.addInitScript((session) => localStorage.setItem('gridpulse.session', session), JSON.stringify({ token: worker.token, expiresAt: worker.expiresAt, user: worker.user }))
    const page = await context.newPage()
    await page.goto(`${url}/report`, { waitUntil: 'load' })
    if (language === 'en') await page.click('[data-testid=language-switch] [data-language="en"]')
    await page.waitForSelector('[data-testid=report-map] canvas')
    await page.waitForFunction(() => !!window.__gridpulseReportMap?.loaded())
    await page.evaluate(() => document.fonts.ready)
    // Tap the middle of the map: the place is named grid › community.
    await page.locator('[data-testid=report-map]').scrollIntoViewIfNeeded()
    const box = (await page.locator('[data-testid=report-map]').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('[data-testid=location-place]')
    await page.locator('[data-testid=location-place]').scrollIntoViewIfNeeded()
    await page.waitForTimeout(600)
    const suffix = language === 'en' ? 'en' : 'zh'
    const file = path.join(out, `report-${suffix}.png`)
    await page.screenshot({ path: file })
    shots.push(file)
    if (language === 'zh-CN') {
      await page.locator('[data-testid=my-reports]').scrollIntoViewIfNeeded()
      const mine = path.join(out, 'report-mine-zh.png')
      await page.screenshot({ path: mine })
      shots.push(mine)
    }
    await context.close()
  }
}

async function shootShell(page: Page, url: string, shoot: (name: string) => Promise<void>) {
    await page.goto(`${url}/`, { waitUntil: 'load' })
    await waitForMapIdle(page)
    await page.click('[data-testid=layers-button]')
    await shoot('overview-zh')
    await setLanguage(page, 'en')
    await shoot('overview-en')
    await zoomToDensestCluster(page, 15)
    await shoot('detail-en')
    await setLanguage(page, 'zh-CN')
    await shoot('detail-zh')

    await page.click('.fit-district-button')
    await page.waitForTimeout(800)
    await page.click('[data-testid=toggle-demand]')
    await waitForRender(page)
    await shoot('demand-zh')
    await page.click('[data-testid=toggle-demand]')

    await page.click('[data-testid=basemap-button]')
    await page.waitForSelector('[data-testid=basemap-dialog]')
    await shoot('basemap-dialog-zh')
    await page.keyboard.press('Escape')
}

await main()
