// `npm run bench -- wall [--minutes 10]`: the soak of the wall screen. The district's wall (a
// wall token for the whole district — every report lands on it — at 1920×1080, touring every 8 s) runs in headless Chromium while the
// simulator posts 2 reports a second across the district and moves earlier ones through their
// lifecycle. Every 30 s, after a forced garbage collection, it samples the page's JS heap, DOM
// nodes and event listeners, with the issues the wall holds, the tour's stops and the red alerts
// shown; at the end it prints the growth from the first to the last third of the run.
import { spawn } from 'node:child_process'
import pino from 'pino'
import { startServer } from '../../server/index.js'
import { launchBrowser, waitForMapIdle } from '../lib/browser.js'
import { buildClientIfStale } from '../lib/build-client.js'
import { fmt } from './lib.js'
import { loginAs } from '../lib/api-client.js'

const PASSWORD = 'bench-wall-password'
/** The demo district: the wall that holds the most. */
const AREA = '520602'
const SAMPLE_MS = 30_000
const RATE = 2

interface Sample {
  minute: number
  heapMb: number
  nodes: number
  listeners: number
  issues: number
  stops: number
  alerts: number
}

export async function runWallSoak(dataDir: string, databaseUrl: string | undefined, minutes: number): Promise<void> {
  buildClientIfStale((m) => console.error(m))
  const server = await startServer(
    { host: '127.0.0.1', port: 0, databaseUrl, dataDir, seedDemo: true, demoHistoryDays: 0, demoActivity: false, demoUsers: true, demoPassword: PASSWORD, basemap: { kind: 'none' }, logLevel: 'warn' },
    pino({ level: 'warn' }),
  )
  const browser = await launchBrowser()
  let simulator: ReturnType<typeof spawn> | undefined
  try {
    const operator = (await loginAs(server.url, 'operator', PASSWORD)).token
    const wall = (await (
      await fetch(`${server.url}/api/wall-tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${operator}` },
        body: JSON.stringify({ label: 'soak', area: AREA }),
      })
    ).json()) as { token: string }

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/wall?token=${wall.token}&tour=8&idle=5&alert=6`)
    await waitForMapIdle(page)
    // Count the tour's stops and the alerts from inside the page (a string: see scripts/lib/browser.ts).
    await page.evaluate(`(() => {
      window.__soak = { stops: 0, alerts: 0, last: null, mode: null }
      setInterval(() => {
        const w = window.__gridpulseWall
        if (!w) return
        if (w.focus !== window.__soak.last && w.mode === 'tour') window.__soak.stops++
        if (w.mode === 'alert' && window.__soak.mode !== 'alert') window.__soak.alerts++
        window.__soak.last = w.focus
        window.__soak.mode = w.mode
      }, 250)
    })()`)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const sample = async (minute: number): Promise<Sample> => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0
      const wallState = (await page.evaluate('({ issues: window.__gridpulseWall.issues.length, stops: window.__soak.stops, alerts: window.__soak.alerts })')) as { issues: number; stops: number; alerts: number }
      return { minute, heapMb: m('JSHeapUsedSize') / 2 ** 20, nodes: m('Nodes'), listeners: m('JSEventListeners'), ...wallState }
    }

    console.error(`soak: ${minutes} min, simulator at ${RATE} reports/s…`)
    simulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', '--url', server.url, '--rate', String(RATE), '--duration', String(minutes * 60), '--password', PASSWORD, '--seed', '42'], {
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    const samples: Sample[] = [await sample(0)]
    const started = Date.now()
    console.log('minute  heap MB  DOM nodes  listeners  issues held  tour stops  red alerts')
    const row = (s: Sample) =>
      console.log(`${fmt(s.minute).padStart(6)}  ${s.heapMb.toFixed(1).padStart(7)}  ${String(s.nodes).padStart(9)}  ${String(s.listeners).padStart(9)}  ${String(s.issues).padStart(11)}  ${String(s.stops).padStart(10)}  ${String(s.alerts).padStart(10)}`)
    row(samples[0])
    while (Date.now() - started < minutes * 60_000) {
      await page.waitForTimeout(SAMPLE_MS)
      const s = await sample((Date.now() - started) / 60_000)
      samples.push(s)
      row(s)
    }
    const third = Math.max(1, Math.floor(samples.length / 3))
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const first = samples.slice(1, 1 + third)
    const last = samples.slice(-third)
    const heapGrowth = mean(last.map((s) => s.heapMb)) - mean(first.map((s) => s.heapMb))
    const issueGrowth = mean(last.map((s) => s.issues)) - mean(first.map((s) => s.issues))
    const nodes = samples.map((s) => s.nodes)
    console.log(
      `\nheap: first third ${fmt(mean(first.map((s) => s.heapMb)))} MB, last third ${fmt(mean(last.map((s) => s.heapMb)))} MB ` +
        `(${heapGrowth >= 0 ? '+' : ''}${fmt(heapGrowth)} MB while the wall took on ${fmt(issueGrowth)} more issues, ` +
        `${fmt(issueGrowth > 0 ? (heapGrowth * 1024) / issueGrowth : 0)} KB per issue held)`,
    )
    console.log(`DOM nodes ${Math.min(...nodes)}–${Math.max(...nodes)}, listeners ${Math.min(...samples.map((s) => s.listeners))}–${Math.max(...samples.map((s) => s.listeners))}; tour stops ${samples.at(-1)!.stops}, red alerts shown ${samples.at(-1)!.alerts}; page errors: ${errors.length}`)
    if (errors.length) console.log(errors.slice(0, 5).join('\n'))
  } finally {
    simulator?.kill()
    await browser.close()
    await server.close()
  }
}
