// Headless Chromium for the browser tests and the screenshot script (playwright-core with the
// system Chromium; never a downloaded browser), and a recorder of every request a page makes.
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Launches the system Chromium (/usr/bin/chromium, or CHROMIUM_PATH) headless. */
export function launchBrowser(options: { headless?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
  })
}

export interface RecordedRequest {
  url: string
  method: string
  resourceType: string
}

export interface RequestRecorder {
  readonly requests: RecordedRequest[]
  /** Requests whose host is not one of `allowedHosts` (data: and blob: URLs never leave the page). */
  getForeignRequests(allowedHosts?: string[]): RecordedRequest[]
  stop(): void
}

/**
 * Records every request of the context: the pages' own and their workers' (MapLibre fetches
 * tiles from a Web Worker). Attach it before the first navigation.
 */
export function recordRequests(target: BrowserContext | Page): RequestRecorder {
  const requests: RecordedRequest[] = []
  const seen = new WeakSet<Request>()
  const onRequest = (r: Request) => {
    if (seen.has(r)) return
    seen.add(r)
    requests.push({ url: r.url(), method: r.method(), resourceType: r.resourceType() })
  }
  const onWebSocket = (ws: { url(): string }) => requests.push({ url: ws.url(), method: 'GET', resourceType: 'websocket' })
  const pages = 'pages' in target ? target.pages() : [target]
  target.on('request', onRequest)
  const watchPage = (p: Page) => p.on('websocket', onWebSocket)
  for (const p of pages) watchPage(p)
  if ('pages' in target) target.on('page', watchPage)
  return {
    requests,
    getForeignRequests(allowedHosts = ['127.0.0.1']) {
      return requests.filter((r) => {
        if (/^(data|blob|about):/.test(r.url)) return false
        try {
          return !allowedHosts.includes(new URL(r.url).hostname)
        } catch {
          return true
        }
      })
    },
    stop() {
      target.off('request', onRequest)
      if ('pages' in target) target.off('page', watchPage)
      for (const p of pages) p.off('websocket', onWebSocket)
    },
  }
}

/** Waits until the app has put every layer on the map and the map has finished drawing. */
export async function waitForMapIdle(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.waitForFunction(() => window.__gridpulseReady === true && !!window.__gridpulseMap, undefined, { timeout: timeoutMs })
  await waitForRender(page, timeoutMs)
}

/** Waits for the map's next `idle` (all tiles loaded, no transition running). */
export async function waitForRender(page: Page, timeoutMs = 60_000): Promise<void> {
  // A string, not a function: tsx (esbuild keepNames) would wrap named functions in a helper the page lacks.
  // A map that keeps animating (the console's overdue halos) is never idle: after 3 s, a frame drawn
  // with the style and every tile loaded is as settled as it gets.
  await page.evaluate(`new Promise((resolve, reject) => {
    const map = window.__gridpulseMap
    let animated
    const timer = setTimeout(() => reject(new Error('map did not become idle')), ${Number(timeoutMs)})
    const onRender = () => { if (map.loaded()) done() }
    const done = () => {
      clearTimeout(timer)
      clearTimeout(animated)
      map.off('render', onRender)
      resolve()
    }
    animated = setTimeout(() => map.on('render', onRender), 3000)
    // Nudge a repaint so that idle fires even if the map was already idle.
    map.once('idle', done)
    map.triggerRepaint()
  })`)
}

/** The median time of seven forced repaints of the page's map (what one frame costs to draw here). */
export async function measureRepaintMs(page: Page): Promise<number> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  return (await page.evaluate(`(async () => {
    const map = window.__gridpulseMap, times = []
    for (let i = 0; i < 7; i++) {
      await new Promise((r) => requestAnimationFrame(r))
      const t0 = performance.now()
      await new Promise((r) => { map.once('render', r); map.triggerRepaint() })
      await new Promise((r) => requestAnimationFrame(r))
      times.push(performance.now() - t0)
    }
    return times.sort((a, b) => a - b)[3]
  })()`)) as number
}
