// The history bench's pages: the console and the city's wall opened on the year in headless
// Chromium (the production build, served by the bench's server, 1920×1080, the project's flags — WebGL drawn by SwiftShader on the
// CPU), each timed to ready, then watched for 15 s with the Long Animation Frames API: the frames
// over 50 ms, the longest and how much of it was the page's own script (the rest is the browser's
// rendering: stop 44 found the wall's long frames in the software compositor's read-back of the
// canvas as the autopilot flies). A screenshot of each is left to look at.
import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { launchBrowser, waitForMapIdle } from '../lib/browser.js'
import type { LoginResponse } from '../../core/wire/issues.js'
import { fmt } from './lib.js'

/** How long each page is watched after it is ready. */
const WATCH_MS = 15_000

interface LongFrame {
  start: number
  duration: number
  script: number
  /** Its longest script: what invoked it (a callback's kind, an event, a promise's resolution) and its source. */
  top: string
}

interface PageCase {
  name: string
  route: string
  session: LoginResponse
  /** The page's own sign that its data is in (the map being idle says only that it is drawn); a function: the page's CSP refuses strings to evaluate. */
  ready: () => boolean
  shot: string
}

export async function measurePagesOnYear(url: string, sessions: { operator: LoginResponse; admin: LoginResponse }, out: string): Promise<void> {
  mkdirSync(out, { recursive: true })
  const cases: PageCase[] = [
    {
      name: 'console (an operator, the city)',
      route: '/',
      session: sessions.operator,
      ready: () => document.querySelector('[data-testid=connection][data-state=live]') !== null,
      shot: 'year-console.png',
    },
    {
      // Touring every 8 s from 3 s idle, so the watch holds flights to two hotspots.
      name: 'wall (the city, 30 days, touring)',
      route: '/wall?window=30d&tour=8&idle=3',
      session: sessions.admin,
      ready: () => (window.__gridpulseWall?.issues.length ?? 0) > 0 && (window.__gridpulseWall?.hotspots.length ?? 0) > 0,
      shot: 'year-wall.png',
    },
  ]
  console.log(`\n— the pages in headless Chromium (1920×1080, software WebGL; long animation frames for ${WATCH_MS / 1000} s after ready; screenshots in ${out})`)
  const browser = await launchBrowser()
  try {
    for (const c of cases) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
      try {
        await context.addInitScript((s) => localStorage.setItem('gridpulse.session', s), JSON.stringify(c.session))
        const page = await context.newPage()
        page.on('pageerror', (err) => console.error(`${c.name}: page error: ${err.message}`))
        const opened = performance.now()
        await page.goto(`${url}${c.route}`)
        await waitForMapIdle(page, 120_000)
        await page.waitForFunction(c.ready, undefined, { timeout: 120_000 })
        const readyMs = performance.now() - opened
        // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
        await page.evaluate(`(() => {
          window.__longFrames = []
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) {
              const top = e.scripts.reduce((a, x) => (!a || x.duration > a.duration ? x : a), null)
              const where = top ? (top.invoker || top.invokerType) + ' ' + (top.sourceFunctionName || '') + ' ' + (top.sourceURL || '').split('/').pop() + ' ' + Math.round(top.duration) + ' ms' : ''
              window.__longFrames.push({ start: e.startTime, duration: e.duration, script: e.scripts.reduce((s, x) => s + x.duration, 0), top: where })
            }
          }).observe({ type: 'long-animation-frame' })
        })()`)
        await page.waitForTimeout(WATCH_MS)
        const frames = (await page.evaluate('window.__longFrames')) as LongFrame[]
        await page.screenshot({ path: path.join(out, c.shot) })
        const longest = frames.reduce<LongFrame | undefined>((a, f) => (!a || f.duration > a.duration ? f : a), undefined)
        const over200 = frames.filter((f) => f.duration > 200).length
        console.log(
          `${c.name.padEnd(36)} ready in ${fmt(readyMs)} ms; ${frames.length} frames over 50 ms after it, ` +
            (longest
              ? `the longest ${fmt(longest.duration)} ms (${fmt(longest.script)} ms of it script${longest.top ? `, most in ${longest.top.trim()}` : ''}), ${over200} over 200 ms (target: none)`
              : 'none over 50 ms'),
        )
      } finally {
        await context.close()
      }
    }
  } finally {
    await browser.close()
  }
}
