// Registers the phone page's service worker (built by vite-plugin-pwa from vite.config.ts), scoped
// to /report: the page's shell, its data and its map are then kept on the phone, so a reload or a
// cold start with no network opens the page and takes a report into the outbox. A new version is
// downloaded in the background and waits: it is taken at the next open of the page, never while a
// report is being written — `onUpdateReady` says that one is waiting, and nothing more happens.
import { Workbox } from 'workbox-window'

/** The worker's URL and scope: the phone page only (the console, /plan and the wall are not served by it). */
export const REPORT_APP_WORKER = { url: '/sw.js', scope: '/report' }

export function installReportApp(onUpdateReady: () => void): void {
  // Only a built client has a worker (none in `npm run dev`), and only a browser that supports them.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const wb = new Workbox(REPORT_APP_WORKER.url, { scope: REPORT_APP_WORKER.scope })
  // A new worker installed while an older one controls the page: announce it; it takes over when
  // every /report page has closed (the default lifecycle: no skipWaiting).
  wb.addEventListener('waiting', () => onUpdateReady())
  wb.register().catch(() => undefined)
}
