// The planner's page /plan in headless Chromium against the real server and embedded PostGIS:
// the figures it shows equal GET /api/coverage and core/analysis on the same inputs; tiers and
// levels change them (and the URL); stations added, dragged, removed and closed on the map change
// them exactly as a fresh analysis would; suggestions match POST /api/coverage/suggest and can be
// kept as a scenario; two scenarios compare; exports and the print report carry the scenario.
import fs from 'node:fs'
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeCoverage } from '../../core/analysis/compute-coverage'
import { createDemandIndex, type DemandIndex } from '../../core/analysis/create-demand-index'
import { decodeCoverageDemand, type CoverageInputsResponse, type CoverageResponse, type SuggestResponse } from '../../core/wire/coverage'
import { launchBrowser, recordRequests, waitForMapIdle, waitForRender, type RequestRecorder } from '../../scripts/lib/browser'
import { signIn, startTestApp, type TestApp } from './harness'

let app: TestApp
let browser: Browser
let context: BrowserContext
let page: Page
let recorder: RequestRecorder
let inputs: CoverageInputsResponse
let demand: DemandIndex<{ code: string; population: number; area_code: string | null }>
const pageErrors: string[] = []

const num = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''))
const figure = async (id: string) => num(await page.textContent(`[data-testid=${id}]`))

/** The analyses the page has shown so far. */
const countAnalyses = () => page.evaluate(() => window.__gridpulsePlanTimings?.length ?? 0)

/** Waits until the page has shown a newer analysis than the `before`-th and no more are coming. */
async function waitForAnalysis(before: number): Promise<void> {
  await page.waitForFunction((n) => (window.__gridpulsePlanTimings?.length ?? 0) > n, before, { timeout: 30_000 })
  let seen = await countAnalyses()
  for (;;) {
    await page.waitForTimeout(250)
    const now = await countAnalyses()
    if (now === seen) break
    seen = now
  }
  await waitForRender(page)
}

/** The district figures core/analysis gives for these stations, at 15 min / 80 m/min / 1.2 by grid. */
function expectedSummary(stations: Feature<Point>[], radiusMeters = 1000, level = 'grid') {
  const facilities: FeatureCollection<Point> = { type: 'FeatureCollection', features: stations }
  return computeCoverage({ areas: inputs.areas, demand, facilities }, { radiusMeters, level, targetPct: 90 }).summary
}

const dist2 = (a: number[], b: number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
const station = (lon: number, lat: number): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: {} })
const existing = () => inputs.facilities.features as Feature<Point>[]

async function expectFigures(summary: ReturnType<typeof expectedSummary>): Promise<void> {
  expect(await figure('unserved-points')).toBe(summary.unservedPoints)
  expect(await figure('unserved-population')).toBe(summary.unservedPopulation)
  expect(await page.textContent('[data-testid=covered]')).toContain(summary.populationCovered.toLocaleString('zh-CN'))
  expect(await page.textContent('[data-testid=below-target]')).toBe(`${summary.areasBelowTarget.length} / 358`)
}

/** The store's persisted scenarios, as the page keeps them in localStorage. */
async function readScenarios(): Promise<{ id: string; name: string; spec: { added: { id: string; lon: number; lat: number; type: string }[]; removed: number[] } }[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('gridpulse.ui') ?? '{}').state?.scenarios ?? [])
}

async function screenPoint(lon: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([lo, la]) => {
    const map = window.__gridpulseMap!
    const p = map.project([lo, la])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + p.x, y: box.top + p.y }
  }, [lon, lat] as const)
}

async function jumpTo(center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => window.__gridpulseMap!.jumpTo({ center: c, zoom: z }), [center, zoom] as const)
  await waitForRender(page)
}

/** The planning API as the signed-in planner (it needs a login: residents' homes are in it). */
let planner = ''
const asPlanner = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${planner}` } })

beforeAll(async () => {
  app = await startTestApp()
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
  planner = (await signIn(context, app.url, 'planner')).token
  inputs = (await (await asPlanner('/api/coverage/inputs')).json()) as CoverageInputsResponse
  demand = createDemandIndex(decodeCoverageDemand(inputs))
  recorder = recordRequests(context)
  page = await context.newPage()
  page.on('pageerror', (err) => pageErrors.push(err.message))
  const before = 0
  // Circles: the analysis most of this file checks (the walking network, the default where the data
  // has one, is switched to in its own test).
  await page.goto(`${app.url}/plan?metric=circle`)
  await waitForMapIdle(page)
  await waitForAnalysis(before)
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('/plan', () => {
  it('shows the district figures of GET /api/coverage, the areas below target and the map layers', async () => {
    const api = (await (await asPlanner(`/api/coverage?metric=circle`)).json()) as CoverageResponse
    expect(await figure('unserved-points')).toBe(api.summary.unservedPoints)
    expect(await figure('unserved-population')).toBe(api.summary.unservedPopulation)
    expect(await page.textContent('[data-testid=coverage-pct]')).toBe(`${api.summary.populationCoveredPct!.toFixed(1)}%`)
    expect(await page.textContent('[data-testid=below-target]')).toBe(`${api.summary.areasBelowTarget.length} / ${api.areas.features.length}`)
    // The list is the API's areas below target, worst first.
    const listed = await page.$$eval('[data-testid=area-list] [data-code]', (els) => els.map((e) => e.getAttribute('data-code')))
    expect(listed).toEqual(api.summary.areasBelowTarget)
    // The map draws the choropleth (coloured from the figures), the gaps and the unserved homes.
    const states = await page.evaluate(() => {
      const map = window.__gridpulseMap!
      return map.queryRenderedFeatures({ layers: ['gp-plan-choropleth'] }).map((f) => map.getFeatureState({ source: 'gp-plan-areas', id: f.id! }).pct as number)
    })
    expect(states.length).toBeGreaterThan(100)
    expect(states.some((p) => p < 90) && states.some((p) => p >= 90)).toBe(true)
    expect(await page.evaluate(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-plan-gaps-fill'] }).length)).toBeGreaterThan(0)
    expect(await page.evaluate(() => window.__gridpulseMap!.querySourceFeatures('gp-plan-unserved').length)).toBeGreaterThan(0)
    expect(recorder.getForeignRequests()).toEqual([])
  })

  it('switches to the walking network: the figures of GET /api/coverage on it, the barriers drawn, no detour factor', async () => {
    const before = await countAnalyses()
    await page.click('[data-testid=metric] [data-metric=network]')
    await waitForAnalysis(before)
    const api = (await (await asPlanner('/api/coverage')).json()) as CoverageResponse
    expect(api.parameters.metric).toBe('network')
    expect(await figure('unserved-population')).toBe(api.summary.unservedPopulation)
    expect(await page.textContent('[data-testid=coverage-pct]')).toBe(`${api.summary.populationCoveredPct!.toFixed(1)}%`)
    const circle = (await (await asPlanner('/api/coverage?metric=circle')).json()) as CoverageResponse
    expect(api.summary.unservedPopulation).toBeGreaterThan(circle.summary.unservedPopulation)
    expect(new URL(page.url()).searchParams.get('metric')).toBe('network')
    expect(await page.locator('[data-testid=input-detour]').count()).toBe(0)
    expect(await page.textContent('[data-testid=radius]')).toContain('1,200')
    // The expressway and the walls, the bridges and the underpasses: drawn from the roads tiles.
    await page.waitForFunction(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-roads-barriers'] }).length > 0, null, { timeout: 15_000 })
    expect(await page.evaluate(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-roads-crossings'] }).length)).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=legend-barrier]').count()).toBe(1)
    // What the circles count and the streets do not reach, in the district and per grid: with the
    // stations' service areas, the analysis's details, which follow its figures.
    await page.waitForFunction(() => (window.__gridpulsePlanDetailTimings?.length ?? 0) > 0, null, { timeout: 30_000 })
    await page.waitForSelector('[data-testid=circle-only]', { timeout: 15_000 })
    expect(await page.textContent('[data-testid=circle-only]')).toMatch(/直线圈多计 [\d,]+ 人/)
    expect(await page.textContent('[data-testid=area-list]')).toMatch(/直线圈多计 [\d,]+ 人/)
    // No walking circle on the network: in each station's place its service area along the streets
    // (the streets it is the nearest station to: two stations at one spot draw one area).
    expect(await page.evaluate(() => window.__gridpulseMap!.querySourceFeatures('gp-plan-circles').length)).toBe(0)
    await page.waitForFunction(() => window.__gridpulseMap!.querySourceFeatures('gp-plan-service-areas').length > 0, null, { timeout: 15_000 })
    const areas = await page.evaluate(() =>
      window.__gridpulseMap!.querySourceFeatures('gp-plan-service-areas').map((f) => ({ id: f.properties?.key as string, type: f.geometry.type, areaSqm: f.properties?.areaSqm as number | undefined })),
    )
    const stations = await figure('stations')
    expect(new Set(areas.map((a) => a.id)).size).toBeGreaterThan(0.95 * stations)
    expect(new Set(areas.map((a) => a.id)).size).toBeLessThanOrEqual(stations)
    expect(areas.every((a) => /Polygon/.test(a.type) && a.areaSqm! > 0 && /^[fp]/.test(String(a.id)))).toBe(true)
    const back = await countAnalyses()
    await page.click('[data-testid=metric] [data-metric=circle]')
    await waitForAnalysis(back)
    expect(await figure('unserved-population')).toBe(circle.summary.unservedPopulation)
  })

  it("draws unserved buildings as a mark of their own, not a dot in a station's colour", async () => {
    const drawn = await page.evaluate(() => {
      const map = window.__gridpulseMap!
      const layer = map.getLayer('gp-plan-unserved')!
      return { type: layer.type, icon: layer.type === 'symbol' ? (map.getLayoutProperty('gp-plan-unserved', 'icon-image') as string | undefined) : undefined }
    })
    // Stations are dots (and pictograms closer in); an unserved building is a diamond image.
    expect(drawn.type).toBe('symbol')
    expect(drawn.icon).toBe('gp-plan-unserved-home')
    expect(await page.evaluate(() => window.__gridpulseMap!.hasImage('gp-plan-unserved-home'))).toBe(true)
    expect(await page.evaluate(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-plan-unserved'] }).length)).toBeGreaterThan(0)
  })

  it("draws the walking circles as their union's outline at district zoom and each ring only at street zoom", async () => {
    const ringOpacity = (zoomed: boolean) =>
      page.evaluate((z) => {
        const map = window.__gridpulseMap!
        const layer = map.getLayer('gp-plan-circles-line') as unknown as { paint: { get(name: string): { evaluate(f: unknown, s: unknown): number } } }
        const opacity = layer.paint.get('line-opacity').evaluate({ type: 'Polygon', properties: { planned: false } }, {})
        return { zoom: map.getZoom(), opacity, z }
      }, zoomed)
    const district = await ringOpacity(false)
    expect(district.zoom).toBeLessThan(13)
    expect(district.opacity).toBe(0)
    const outline = await page.evaluate(async () => {
      const map = window.__gridpulseMap!
      const data = (await (map.getSource('gp-plan-circle-union') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }).getData())
      return { features: data.features.length, rendered: map.queryRenderedFeatures({ layers: ['gp-plan-circle-union-line'] }).length }
    })
    expect(outline.features).toBe(1)
    expect(outline.rendered).toBeGreaterThan(0)
    const centre = await page.evaluate(() => window.__gridpulseMap!.getCenter().toArray() as [number, number])
    const zoom = await page.evaluate(() => window.__gridpulseMap!.getZoom())
    await jumpTo(centre, 14.5)
    expect((await ringOpacity(true)).opacity).toBeGreaterThan(0)
    await jumpTo(centre, zoom)
  })

  it('takes the tier, the level and the target, keeps them in the URL, and refuses values out of range', async () => {
    let before = await countAnalyses()
    await page.click('[data-testid=tiers] [data-minutes="10"]')
    await waitForAnalysis(before)
    expect(await page.textContent('[data-testid=radius]')).toContain('667')
    const api10 = (await (await asPlanner(`/api/coverage?minutes=10&metric=circle`)).json()) as CoverageResponse
    expect(await figure('unserved-points')).toBe(api10.summary.unservedPoints)
    expect(new URL(page.url()).searchParams.get('minutes')).toBe('10')

    before = await countAnalyses()
    await page.click('[data-testid=levels] [data-level="community"]')
    await waitForAnalysis(before)
    const apiCommunity = (await (await asPlanner(`/api/coverage?minutes=10&level=community&metric=circle`)).json()) as CoverageResponse
    expect(await page.textContent('[data-testid=below-target]')).toBe(`${apiCommunity.summary.areasBelowTarget.length} / 43`)

    // A walking speed of 500 m/min is refused where it is typed, and nothing changes.
    await page.fill('[data-testid=input-speed]', '500')
    await page.press('[data-testid=input-speed]', 'Enter')
    expect(await page.isVisible('.number-field.is-invalid')).toBe(true)
    expect(new URL(page.url()).searchParams.get('speed')).toBe('80')

    // The URL reproduces the view after a reload.
    await page.reload()
    await waitForMapIdle(page)
    await waitForAnalysis(0)
    expect(await page.textContent('[data-testid=below-target]')).toBe(`${apiCommunity.summary.areasBelowTarget.length} / 43`)
    expect(await page.getAttribute('[data-testid=tiers] [data-minutes="10"]', 'aria-pressed')).toBe('true')

    before = await countAnalyses()
    await page.fill('[data-testid=input-speed]', '80')
    await page.click('[data-testid=tiers] [data-minutes="15"]')
    await page.click('[data-testid=levels] [data-level="grid"]')
    await waitForAnalysis(before)
    await expectFigures(expectedSummary(existing()))
  })

  it('adds a station where it is clicked, moves it when dragged, deletes it, and closes an existing one — each time with the figures of a fresh analysis', async () => {
    // The most populous building nobody serves, in the middle of the map.
    const result = computeCoverage({ areas: inputs.areas, demand, facilities: { type: 'FeatureCollection', features: existing() } }, { radiusMeters: 1000, level: 'grid' })
    let target = -1
    result.served.forEach((s, i) => {
      if (!s && (target < 0 || demand.features[i].properties.population > demand.features[target].properties.population)) target = i
    })
    const [lon, lat] = demand.features[target].geometry.coordinates
    await jumpTo([lon, lat], 14)

    await page.click('[data-tool=add]')
    let before = await countAnalyses()
    const at = await screenPoint(lon, lat)
    await page.mouse.click(at.x, at.y)
    await waitForAnalysis(before)
    let [scenario] = await readScenarios()
    expect(scenario.spec.added).toHaveLength(1)
    let placed = scenario.spec.added[0]
    expect(Math.abs(placed.lon - lon)).toBeLessThan(0.0002)
    await expectFigures(expectedSummary([...existing(), station(placed.lon, placed.lat)]))
    expect(await page.evaluate(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-plan-stations'] }).length)).toBe(1)
    // The summary says how far the scenario moves today's figures.
    expect(await page.textContent('[data-testid=plan-summary] .delta.is-good')).toMatch(/^\+/)

    // Drag it 150 px east with the explore tool.
    await page.click('[data-tool=pan]')
    before = await countAnalyses()
    const from = await screenPoint(placed.lon, placed.lat)
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + 15 * i, from.y, { steps: 2 })
    await page.mouse.up()
    await waitForAnalysis(before)
    ;[scenario] = await readScenarios()
    placed = scenario.spec.added[0]
    expect(placed.lon).toBeGreaterThan(lon + 0.005)
    await expectFigures(expectedSummary([...existing(), station(placed.lon, placed.lat)]))

    // Delete it, then close the nearest existing service point.
    await page.click('[data-tool=remove]')
    before = await countAnalyses()
    const now = await screenPoint(placed.lon, placed.lat)
    await page.mouse.click(now.x, now.y)
    await waitForAnalysis(before)
    expect((await readScenarios())[0].spec.added).toHaveLength(0)
    await expectFigures(expectedSummary(existing()))

    // The service point nearest that building, brought to the middle of the map.
    const nearest = [...existing()].sort((x, y) => dist2(x.geometry.coordinates, [lon, lat]) - dist2(y.geometry.coordinates, [lon, lat]))[0]
    await jumpTo(nearest.geometry.coordinates as [number, number], 15)
    const [closing] = await page.evaluate(() => {
      const map = window.__gridpulseMap!
      const c = map.getCanvas()
      const [x, y] = [c.clientWidth / 2, c.clientHeight / 2]
      return map.queryRenderedFeatures([[x - 4, y - 4], [x + 4, y + 4]], { layers: ['gp-facility-circle'] }).map((f) => ({ id: f.id as number, c: (f.geometry as GeoJSON.Point).coordinates }))
    })
    expect(closing?.id).toBe(nearest.id)
    before = await countAnalyses()
    const fp = await screenPoint(closing.c[0], closing.c[1])
    await page.mouse.click(fp.x, fp.y)
    await waitForAnalysis(before)
    expect((await readScenarios())[0].spec.removed).toEqual([closing.id])
    await expectFigures(expectedSummary(existing().filter((f) => f.id !== closing.id)))

    // Reopen it from the scenario tab.
    await page.click('[data-panel=scenario]')
    before = await countAnalyses()
    await page.click('[data-testid=closed-stations] button')
    await waitForAnalysis(before)
    await expectFigures(expectedSummary(existing()))
    await page.click('[data-tool=pan]')
  })

  it('suggests the sites POST /api/coverage/suggest suggests, and keeps them as a scenario', async () => {
    // Suggestions start from today's stations: show the baseline.
    await page.click('[data-panel=scenario]')
    await page.click('.scenario-list li:first-child input')
    await page.click('[data-panel=suggest]')
    // The fewest sites that bring the district to a 97 % target (at most 50).
    let before = await countAnalyses()
    await page.fill('[data-testid=input-target]', '97')
    await page.press('[data-testid=input-target]', 'Enter')
    await waitForAnalysis(before)
    await page.click('[data-testid=suggest-mode] [data-mode=target]')
    await page.fill('[data-testid=suggest-k]', '50')
    await page.click('[data-testid=run-suggest]')
    await page.waitForSelector('[data-testid=suggest-reached]')
    const fewest = (await (await asPlanner(`/api/coverage/suggest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ k: 50, targetPct: 97, metric: 'circle' }) })).json()) as SuggestResponse
    expect(await page.$$eval('[data-testid=site-list] li', (li) => li.length)).toBe(fewest.sites.features.length)
    expect(fewest.sites.features.length).toBeGreaterThan(1)
    expect(await page.textContent('[data-testid=suggest-reached]')).toContain(`${fewest.sites.features.length} 个新站即可达到 97%`)
    before = await countAnalyses()
    await page.fill('[data-testid=input-target]', '90')
    await page.press('[data-testid=input-target]', 'Enter')
    await waitForAnalysis(before)

    await page.click('[data-testid=suggest-mode] [data-mode=count]')
    await page.fill('[data-testid=suggest-k]', '3')
    await page.click('[data-testid=run-suggest]')
    await page.waitForSelector('[data-testid=site-list] li')
    const api = (await (await asPlanner(`/api/coverage/suggest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ k: 3, metric: 'circle' }) })).json()) as SuggestResponse
    expect(await page.$$eval('[data-testid=site-list] [data-added]', (els) => els.map((e) => Number(e.getAttribute('data-added'))))).toEqual(
      api.sites.features.map((s) => s.properties.addedPopulation),
    )
    // Each site is said by its grid › community and nearest road, not as lon/lat.
    const places = await page.$$eval('[data-testid=site-list] li', (li) => li.map((l) => l.textContent ?? ''))
    for (const text of places) {
      expect(text).toMatch(/网格 › .+社区/)
      expect(text).toMatch(/近.+（约 [\d,]+ 米）/)
      expect(text).not.toMatch(/\d+\.\d{5}/)
    }
    await waitForRender(page)
    const drawn = await page.evaluate(async () => ((await (window.__gridpulseMap!.getSource('gp-plan-suggestions') as unknown as { getData(): Promise<unknown> }).getData()) as GeoJSON.FeatureCollection).features.length)
    expect(drawn).toBe(3)

    before = await countAnalyses()
    await page.click('[data-testid=keep-suggestions]')
    await waitForAnalysis(before)
    const kept = (await readScenarios()).at(-1)!
    expect(kept.spec.added).toHaveLength(3)
    expect(await figure('unserved-population')).toBe(api.population - api.coveredAfter)
  })

  it('compares two scenarios side by side and outlines the areas that change', async () => {
    await page.click('[data-panel=compare]')
    await page.waitForSelector('[data-testid=compare-table]')
    const a = await page.inputValue('[data-testid=compare-a]')
    const b = await page.inputValue('[data-testid=compare-b]')
    expect(a).toBe('baseline')
    expect(b).not.toBe('baseline')
    const rows = await page.$$eval('[data-testid=compare-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
    expect(rows[0][0]).not.toBe(rows[0][1])
    expect(await page.$$eval('[data-testid=changed-areas] li', (li) => li.length)).toBeGreaterThan(0)
    await waitForRender(page)
    const outlined = await page.evaluate(() => {
      const map = window.__gridpulseMap!
      return map.querySourceFeatures('gp-plan-areas').filter((f) => map.getFeatureState({ source: 'gp-plan-areas', id: f.id! }).changed === true).length
    })
    expect(outlined).toBeGreaterThan(0)
  })

  it('exports the shown scenario as CSV and GeoJSON, and prints a report with the map', async () => {
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')])
    const csv = fs.readFileSync((await csvDownload.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.trim().split('\r\n')
    // For a Chinese planner's Excel: Chinese headers and words, no camelCase.
    expect(lines[0].split(',')).toEqual(['区域代码', '名称', '层级', '上级代码', '常住人口', '覆盖人口', '人口覆盖率(%)', '面积(平方米)', '覆盖面积(平方米)', '面积覆盖比例', '可达服务点数', '低于目标'])
    expect(lines[0]).not.toMatch(/[a-z][A-Z]/)
    expect(lines[1].split(',')[2]).toBe('网格')
    expect(lines).toHaveLength(358 + 1)
    // The page in English gives English headers; the export API takes lang=en the same way.
    await page.click('[data-testid=language-switch] [data-language="en"]')
    const [enDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')])
    const en = fs.readFileSync((await enDownload.path())!, 'utf8')
    expect(en.charCodeAt(0)).toBe(0xfeff)
    expect(en.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Code,Name,Level,Parent code,Residents,Residents served,Residents served (%),Area (m²),Area covered (m²),Share of area covered,Service points in reach,Below target')
    await page.click('[data-testid=language-switch] [data-language="zh-CN"]')
    // (ignoreBOM: keep the byte-order mark in the text, to see that it is there.)
    const api = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await asPlanner('/api/coverage/export?format=csv')).arrayBuffer())
    expect(api.charCodeAt(0)).toBe(0xfeff)
    expect(api.slice(1).split('\r\n')[0]).toMatch(/^区域代码,名称,层级/)
    const apiEn = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await asPlanner('/api/coverage/export?format=csv&lang=en')).arrayBuffer())
    expect(apiEn.slice(1).split('\r\n')[0]).toMatch(/^Code,Name,Level/)
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-geojson]')])
    const geo = JSON.parse(fs.readFileSync((await geoDownload.path())!, 'utf8')) as FeatureCollection
    const kinds = new Set(geo.features.map((f) => f.properties!.kind))
    expect(kinds).toEqual(new Set(['gap', 'unserved', 'planned_station']))
    expect(geo.features.filter((f) => f.properties!.kind === 'planned_station')).toHaveLength(3)
    expect(geo.features.filter((f) => f.properties!.kind === 'unserved')).toHaveLength(await figure('unserved-points'))

    await page.evaluate(() => {
      window.print = () => void ((window as unknown as { __printed: boolean }).__printed = true)
    })
    await page.click('[data-testid=print]')
    await page.waitForFunction(() => (window as unknown as { __printed?: boolean }).__printed === true)
    await page.emulateMedia({ media: 'print' })
    try {
      expect(await page.isVisible('[data-testid=print-report]')).toBe(true)
      expect(await page.isVisible('[data-testid=plan-right]')).toBe(false)
      expect(await page.getAttribute('.print-report__map', 'src')).toMatch(/^data:image\/png;base64,.{1000}/)
      expect(await page.textContent('[data-testid=print-report]')).toContain('15分钟服务圈覆盖分析')
    } finally {
      await page.emulateMedia({ media: 'screen' })
    }
  })

  it('fits its panels at 1440×900 in both languages: area names whole, export buttons in view, station type and compared names whole', async () => {
    for (const language of ['zh-CN', 'en']) {
      await page.click(`[data-testid=language-switch] [data-language="${language}"]`)
      await page.click('[data-panel=areas]')
      await page.waitForSelector('[data-testid=area-list] [data-code]')
      const cut = await page.$$eval('[data-testid=area-list] .area-row__name', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis').map((e) => e.textContent))
      expect(cut, language).toEqual([])
      // Every export button wholly in the window, clear of its bottom edge, and not covered.
      const buttons = await page.$$eval('[data-testid=export-csv], [data-testid=export-geojson], [data-testid=print]', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect()
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
          return { bottom: r.bottom, top: r.top, visible: !!top && (top === e || e.contains(top)) }
        }),
      )
      for (const b of buttons) {
        expect(b.top, language).toBeGreaterThan(0)
        expect(b.bottom, language).toBeLessThanOrEqual(900 - 16)
        expect(b.visible, language).toBe(true)
      }
      // The compare selectors show each chosen scenario's whole name, the suggest tab its station type's.
      await page.click('[data-panel=suggest]')
      await page.waitForSelector('[data-testid=suggest-tab] select')
      const typeFits = await page.$eval('[data-testid=suggest-tab] select', (el) => {
        const select = el as HTMLSelectElement
        const style = getComputedStyle(select)
        const ctx = document.createElement('canvas').getContext('2d')!
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        const text = select.selectedOptions[0]?.textContent ?? ''
        return { text, width: ctx.measureText(text).width, room: select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20 }
      })
      expect(typeFits.width, `${language}: ${typeFits.text}`).toBeLessThanOrEqual(typeFits.room)
      await page.click('[data-panel=compare]')
      await page.waitForSelector('[data-testid=compare-b]')
      const fits = await page.$$eval('[data-testid=compare-a], [data-testid=compare-b]', (selects) =>
        (selects as HTMLSelectElement[]).map((el) => {
          const style = getComputedStyle(el)
          const ctx = document.createElement('canvas').getContext('2d')!
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
          const text = el.selectedOptions[0]?.textContent ?? ''
          // Room for the text: the box less its padding and the arrow.
          const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20
          return { text, width: ctx.measureText(text).width, room }
        }),
      )
      for (const f of fits) expect(f.width, `${language}: ${f.text}`).toBeLessThanOrEqual(f.room)
    }
    await page.click('[data-testid=language-switch] [data-language="zh-CN"]')
  })

  it('speaks English at a click, and made no request beyond 127.0.0.1 and threw no error', async () => {
    await page.click('[data-testid=language-switch] [data-language="en"]')
    // Scenario names the page made up are said in English too (the kept suggestions, "方案 1").
    await page.click('[data-panel=scenario]')
    const names = await page.$$eval('.scenario-row__name', (els) => els.map((e) => e.textContent ?? ''))
    expect(names.length).toBeGreaterThan(1)
    for (const name of names) expect(name).not.toMatch(/[\u4e00-\u9fff]/)
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^3 suggested sites \(scenario \d+\)$/)]))
    const options = await page.$$eval('[data-testid=plan-summary] .plan-card__scenario', (els) => els.map((e) => e.textContent ?? ''))
    for (const o of options) expect(o).not.toMatch(/[\u4e00-\u9fff]/)
    expect(await page.textContent('[data-panel=areas]')).toBe('Below target')
    expect(await page.textContent('[data-testid=plan-summary]')).toContain('Residents served')
    await page.click('[data-testid=language-switch] [data-language="zh-CN"]')
    expect(recorder.getForeignRequests()).toEqual([])
    expect(pageErrors).toEqual([])
    const timings = await page.evaluate(() => window.__gridpulsePlanTimings ?? [])
    const incremental = timings.filter((t) => t.incremental).map((t) => t.roundTripMs).sort((x, y) => x - y)
    console.log(`/plan what-if round trips: ${incremental.length}, median ${incremental[Math.floor(incremental.length / 2)]?.toFixed(0)} ms`)
  })
})
