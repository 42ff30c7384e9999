// `npx tsx scripts/screenshot.ts`: screenshots of the running app in headless Chromium — the
// district overview and a zoomed-in detail, in Chinese and in English, plus the population
// heatmap and the basemap dialog — for a human to look at.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { launchBrowser, recordRequests, waitForMapIdle, waitForRender } from './lib/browser.js'

const usage = `Usage: npx tsx scripts/screenshot.ts [--url URL] [--out DIR] [--size WxH]

Opens the running GridPulse app (npm start) in headless Chromium and saves PNG screenshots:
  overview-zh.png, overview-en.png   the whole district in Chinese and English
  detail-zh.png, detail-en.png       zoomed to the densest cluster of service points
  demand-zh.png                      the population heatmap switched on
  basemap-dialog-zh.png              the basemap settings dialog
It also reports any request that went to a host other than the app's.

Options:
  --url URL     the app (default http://127.0.0.1:3000)
  --out DIR     where to write (default screenshots/, git-ignored)
  --size WxH    viewport in CSS pixels (default 1280x800)
  --help        this text

Chromium: /usr/bin/chromium, or CHROMIUM_PATH.`

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        out: { type: 'string', default: 'screenshots' },
        size: { type: 'string', default: '1280x800' },
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
    return { url: values.url.replace(/\/+$/, ''), out: values.out, width: Number(size[1]), height: Number(size[2]) }
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

async function main() {
  const { url, out, width, height } = parseCli()
  fs.mkdirSync(out, { recursive: true })
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'zh-CN' })
    const recorder = recordRequests(context)
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`))
    page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`))
    await page.goto(`${url}/`, { waitUntil: 'load' })
    await waitForMapIdle(page)
    await page.evaluate(() => document.fonts.ready)

    const shots: string[] = []
    const shoot = async (name: string) => {
      const file = path.join(out, `${name}.png`)
      await page.screenshot({ path: file })
      shots.push(file)
    }
    await shoot('overview-zh')
    await setLanguage(page, 'en')
    await shoot('overview-en')
    await zoomToDensestCluster(page, 15)
    await shoot('detail-en')
    await setLanguage(page, 'zh-CN')
    await shoot('detail-zh')

    await page.click('[data-testid=fit-district], .fit-district-button')
    await page.waitForTimeout(800)
    await page.click('[data-testid=toggle-demand]')
    await waitForRender(page)
    await shoot('demand-zh')
    await page.click('[data-testid=toggle-demand]')

    await page.click('[data-testid=basemap-button]')
    await page.waitForSelector('[data-testid=basemap-dialog]')
    await shoot('basemap-dialog-zh')

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

await main()
