// The browser's side of the history bench: its requests as the pages make them (gzip accepted, the
// body decoded), timed where a browser would time them. Run in a process of its own
// (http-client-process.ts), so the server's process does only the server's work: in the same
// process the decoding of a city's snapshot (~38,000 issues) ran on the server's thread between its
// pages and its garbage was collected by the server's collector.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import zlib from 'node:zlib'
import { WALL_SNAPSHOT_DAYS, WALL_WINDOW_MS } from '../../core/wire/wall.js'
import { decodeIssueColumns, type IssueColumns } from '../../core/wire/issue-columns.js'

export interface Timed {
  ms: number
  bytes: number
  wireBytes: number
}

export interface StartUp extends Timed {
  issues: number
  pages: number
  /** The first page in, decoded: a snapshot of one page's issues (20,000) on its own. */
  firstPage: { ms: number; issues: number; wireBytes: number }
}

/** A GET as a browser makes it (gzip accepted): its time, the bytes over the wire and the JSON's own, and the body. */
export function getTimed(url: string, p: string, token: string): Promise<Timed & { body: unknown }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${p}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const wire = Buffer.concat(chunks)
          const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire).toString('utf8')
          if (res.statusCode !== 200) return reject(new Error(`GET ${p}: ${res.statusCode} ${text.slice(0, 200)}`))
          resolve({ ms: performance.now() - t0, bytes: Buffer.byteLength(text), wireBytes: wire.length, body: JSON.parse(text) })
        })
      })
      .on('error', reject)
  })
}

/** A path asked `warm` times, then `reps` times one after another: the times of the reps. */
export async function timeGets(url: string, p: string, token: string, warm: number, reps: number): Promise<number[]> {
  for (let i = 0; i < warm; i++) await getTimed(url, p, token)
  const times: number[] = []
  for (let i = 0; i < reps; i++) times.push((await getTimed(url, p, token)).ms)
  return times
}

/** Every page of GET /api/issues/live as the console asks it, each decoded. */
export async function readSnapshot(url: string, token: string, days: number, finishedBefore?: string, format: 'columns' | 'objects' = 'columns'): Promise<StartUp> {
  const t0 = performance.now()
  let bytes = 0
  let wireBytes = 0
  let issues = 0
  let pages = 0
  let firstPage: StartUp['firstPage'] | undefined
  const base = `/api/issues/live?format=${format}&days=${days}${finishedBefore ? `&finishedBefore=${encodeURIComponent(finishedBefore)}` : ''}`
  type Page = { issues?: unknown[]; columns?: IssueColumns; next: string | null; activeSince: string }
  // As the page does (client/api/issues.ts, fetchLiveIssues): the next page asked for as soon as its
  // cursor is known, and this one decoded while the server reads it.
  let pending: ReturnType<typeof getTimed> | null = getTimed(url, base, token)
  while (pending) {
    const r = await pending
    const body = r.body as Page
    pending = body.next ? getTimed(url, `${base}&before=${body.next}&activeSince=${encodeURIComponent(body.activeSince)}`, token) : null
    pending?.catch(() => undefined) // met where it is awaited, not as an unhandled rejection meanwhile
    bytes += r.bytes
    wireBytes += r.wireBytes
    issues += body.columns ? decodeIssueColumns(body.columns).length : body.issues!.length
    pages++
    firstPage ??= { ms: performance.now() - t0, issues, wireBytes }
  }
  return { ms: performance.now() - t0, bytes, wireBytes, issues, pages, firstPage: firstPage! }
}

/**
 * What a city-wide wall asks as it starts, all at once as the browser does: its snapshot (open
 * issues and those finished today), the window's hotspots (every cell at the city's resolution, the
 * top ten in detail) and the area's figures over the window.
 */
export async function readWallStart(url: string, token: string): Promise<StartUp> {
  const t0 = performance.now()
  const from = new Date(Date.now() - WALL_WINDOW_MS['30d']).toISOString()
  const [snapshot, hotspots, figures] = await Promise.all([
    readSnapshot(url, token, WALL_SNAPSHOT_DAYS),
    getTimed(url, '/api/issues/hotspots?window=30d&by=hex&resolution=7&buckets=30&limit=2000&detail=10', token),
    getTimed(url, `/api/issues/figures?from=${encodeURIComponent(from)}`, token),
  ])
  return {
    ms: performance.now() - t0,
    bytes: snapshot.bytes + hotspots.bytes + figures.bytes,
    wireBytes: snapshot.wireBytes + hotspots.wireBytes + figures.wireBytes,
    issues: snapshot.issues,
    pages: snapshot.pages + 2,
    firstPage: snapshot.firstPage,
  }
}

/** What the bench's reports say (the history bench counts those left in the year by earlier runs). */
export const BENCH_REPORT_TEXT = '垃圾堆积，基准测试'

export interface PostTarget {
  url: string
  token: string
}

/**
 * `count` reports to each target, alternating which goes first (so both see the same moment of the
 * machine), `gapMs` apart, at random points of the box: each target's times.
 */
export async function timePosts(targets: PostTarget[], count: number, gapMs: number, box: { w: number; s: number; e: number; n: number }): Promise<number[][]> {
  const results = targets.map(() => [] as number[])
  for (let i = 0; i < count; i++) {
    const order = targets.map((_, k) => k)
    if (i % 2) order.reverse()
    for (const k of order) {
      const t0 = performance.now()
      const res = await fetch(`${targets[k].url}/api/issues`, {
        method: 'POST',
        headers: { authorization: `Bearer ${targets[k].token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: randomUUID(), category: 'sanitation.garbage', description: BENCH_REPORT_TEXT, lon: box.w + Math.random() * (box.e - box.w), lat: box.s + Math.random() * (box.n - box.s) }),
      })
      const answer = await res.text()
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${answer.slice(0, 300)}`)
      results[k].push(performance.now() - t0)
    }
    await new Promise((r) => setTimeout(r, gapMs))
  }
  return results
}
