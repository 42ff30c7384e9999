// `npm run bench -- plan [--data DIR]`: the /plan page in headless Chromium on the demo data (or
// another dataset, e.g. the Tongren-scale one with its walking network). A planner's
// what-if (a station placed, then moved step by step) timed from the edit to the figures: the
// worker's computation, the answer back on the page, the page drawn with it; full analyses when a
// parameter changes; and how long the page's longest frame is while the worker computes
// suggestions and while a drag is recomputed (a frozen map would show as one long frame). The walk
// is on the demo's walking network, as the page opens.
import type { Page } from 'playwright-core'
import pino from 'pino'
import { openDb } from '../../server/db/client.js'
import { seedDemo } from '../../server/import/seed-demo.js'
import { startServer } from '../../server/index.js'
import { launchBrowser, measureRepaintMs, waitForMapIdle, waitForRender } from '../lib/browser.js'
import { buildClientIfStale } from '../lib/build-client.js'
import { fmt, percentile } from './lib.js'
import { signPlannerSession } from '../lib/api-client.js'

type Timing = { roundTripMs: number; arrivedMs: number; computeMs: number; incremental: boolean }

const MOVES = 40

/** Records every frame's time in window.__frames (a string, not a function: tsx would wrap a named inner function in a helper the page lacks). */
const RECORD_FRAMES = `(() => {
  window.__frames = []
  const tick = (t) => {
    window.__frames.push(t)
    if (window.__frames.length < 100000) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})()`

async function waitForAnalyses(page: Page, count: number): Promise<Timing[]> {
  await page.waitForFunction((n) => (window.__gridpulsePlanTimings?.length ?? 0) >= n, count, { timeout: 60_000 })
  return page.evaluate(() => window.__gridpulsePlanTimings ?? [])
}

const row = (label: string, ms: number[]) =>
  console.log(`${label.padEnd(46)} p50 ${fmt(percentile(ms, 50)).padStart(6)} ms   p95 ${fmt(percentile(ms, 95)).padStart(6)} ms   (${ms.length})`)

export async function runPlanBench(dataDir: string, databaseUrl: string | undefined, dataset?: string): Promise<void> {
  buildClientIfStale((m) => console.error(m))
  if (dataset) {
    // Another dataset (e.g. .data/tongren with its walking network) in place of the demo.
    console.error(`importing ${dataset}…`)
    const db = await openDb({ databaseUrl, dataDir })
    await seedDemo(db.sql, { dir: dataset, force: true })
    await db.close()
  }
  const server = await startServer({ host: '127.0.0.1', port: 0, databaseUrl, dataDir, seedDemo: !dataset, demoHistoryDays: 0, demoActivity: false, demoUsers: false, basemap: { kind: 'none' } }, pino({ level: 'warn' }))
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    // /plan is for signed-in planners: the page starts with a planner's session.
    const session = await signPlannerSession(server.auth, server.db.sql)
    await context.addInitScript((s) => localStorage.setItem('gridpulse.session', s), JSON.stringify(session))
    const page = await context.newPage()
    const t0 = Date.now()
    await page.goto(`${server.url}/plan`)
    await waitForMapIdle(page)
    let timings = await waitForAnalyses(page, 1)
    console.log(`engine: ${server.db.engine}   walk measured: ${await page.evaluate(() => (document.querySelector('[data-testid=input-detour]') ? 'circles' : 'on the walking network'))}   /plan ready in ${fmt(Date.now() - t0)} ms (inputs loaded, indexed, first analysis drawn)\n`)

    // What one frame of this page costs to draw here (a repaint with nothing changed).
    const frameMs = await measureRepaintMs(page)

    // Full analyses: walking times not analysed before (each a new set of parameters).
    for (const minutes of [11, 12, 13, 14, 16, 17]) {
      await page.fill('[data-testid=input-minutes]', String(minutes))
      await page.press('[data-testid=input-minutes]', 'Enter')
      timings = await waitForAnalyses(page, timings.length + 1)
    }
    const full = timings.slice(1).filter((t) => !t.incremental)
    await page.click('[data-testid=tiers] [data-minutes="15"]')
    timings = await waitForAnalyses(page, timings.length + 1)

    // A station placed in the middle of the map, then dragged in 40 steps of 8 px, each step
    // waiting for its figures (the latency of one edit).
    await page.click('[data-tool=add]')
    const before = timings.length
    await page.mouse.click(600, 450)
    timings = await waitForAnalyses(page, before + 1)
    await page.click('[data-tool=pan]')
    await waitForRender(page)
    await page.mouse.move(600, 450)
    await page.mouse.down()
    const stepStart = timings.length
    for (let i = 1; i <= MOVES; i++) {
      await page.mouse.move(600 + 8 * i, 450)
      timings = await waitForAnalyses(page, stepStart + i)
    }
    await page.mouse.up()
    const steps = timings.slice(stepStart).filter((t) => t.incremental)

    // A continuous drag at ~60 Hz without waiting: how many analyses the worker makes of it, and the
    // page's frames meanwhile (the worker recomputes off the page's thread: no frame should wait for it).
    const dragStart = (await waitForAnalyses(page, 0)).length
    await page.evaluate(RECORD_FRAMES)
    await page.mouse.move(600 + 8 * MOVES, 450)
    await page.mouse.down()
    for (let i = 1; i <= 60; i++) {
      await page.mouse.move(600 + 8 * MOVES - 5 * i, 450)
      await page.waitForTimeout(16)
    }
    await page.mouse.up()
    await page.waitForTimeout(1500)
    const dragged = (await waitForAnalyses(page, 0)).slice(dragStart)
    const dragFrames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)
    const dragGaps = dragFrames.slice(1).map((t, i) => t - dragFrames[i])

    // The longest frame while the worker suggests 20 sites.
    await page.click('[data-panel=suggest]')
    await page.fill('[data-testid=suggest-k]', '20')
    await page.evaluate(RECORD_FRAMES)
    const suggestT0 = Date.now()
    await page.click('[data-testid=run-suggest]')
    await page.waitForSelector('[data-testid=site-list] li', { timeout: 60_000 })
    const suggestMs = Date.now() - suggestT0
    const suggestWorkerMs = Number(((await page.textContent('[data-testid=suggest-tab] p.small.muted:last-child')) ?? '').replace(/[^\d.]/g, ''))
    const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)
    const gaps = frames.slice(1).map((t, i) => t - frames[i])

    console.log(`— one edit at a time (1440×900). Drawing one frame of the page costs ${fmt(frameMs as number)} ms here (SwiftShader draws`)
    console.log('  WebGL on the CPU); an answer that arrives while a frame is drawn waits for it.')
    row('full analysis (a new walking time): worker', full.map((t) => t.computeMs))
    row('  edit → figures on the page', full.map((t) => t.arrivedMs))
    row('  edit → page drawn', full.map((t) => t.roundTripMs))
    const details = await page.evaluate(() => window.__gridpulsePlanDetailTimings ?? [])
    if (details.length) row('  then its details (service areas, circles): worker', details.map((t) => t.computeMs))
    row('station moved (incremental): worker', steps.map((t) => t.computeMs))
    row('  edit → figures on the page', steps.map((t) => t.arrivedMs))
    row('  edit → page drawn', steps.map((t) => t.roundTripMs))
    console.log(`\n— a 1-second drag (60 moves): ${dragged.length} analyses shown (later moves fold into the next one while one is computed); edit → figures p50 ${fmt(percentile(dragged.map((t) => t.arrivedMs), 50))} ms`)
    console.log(`  the page's frames meanwhile: longest ${fmt(Math.max(...dragGaps))} ms, median ${fmt(percentile(dragGaps, 50))} ms (${dragGaps.length} frames; one repaint costs ${fmt(frameMs as number)} ms here)`)
    console.log(`— suggesting 20 sites: ${fmt(suggestWorkerMs)} ms in the worker, ${fmt(suggestMs)} ms click to list; longest frame meanwhile ${fmt(Math.max(...gaps))} ms, median ${fmt(percentile(gaps, 50))} ms (${gaps.length} frames)`)
    console.log(`\nratio full / incremental (worker): ${fmt(percentile(full.map((t) => t.computeMs), 50) / percentile(steps.map((t) => t.computeMs), 50))}×`)
  } finally {
    await browser.close()
    await server.close()
  }
}
