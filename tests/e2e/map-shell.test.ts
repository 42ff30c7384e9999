// The map shell in headless Chromium against the real server and embedded PostGIS: the map
// draws every demo layer (checked on MapLibre's rendered features, not only the DOM), the
// legend and switches work, English is a click away, and no request leaves 127.0.0.1.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FacilityType } from '../../core/domain/facilities'
import { launchBrowser, recordRequests, waitForMapIdle, waitForRender, type RequestRecorder } from '../../scripts/lib/browser'
import { signIn, startTestApp, type TestApp } from './harness'

let app: TestApp
let browser: Browser
let context: BrowserContext
let page: Page
let recorder: RequestRecorder
let facilityTypes: FacilityType[]
const pageErrors: string[] = []

/** Features MapLibre drew in the viewport for these layers. */
function countRendered(layers: string[]): Promise<number> {
  return page.evaluate((ids) => window.__gridpulseMap!.queryRenderedFeatures({ layers: ids }).length, layers)
}

function getRenderedProperty(layers: string[], property: string): Promise<string[]> {
  return page.evaluate(
    ([ids, prop]) => [...new Set(window.__gridpulseMap!.queryRenderedFeatures({ layers: ids }).map((f) => String(f.properties[prop])))],
    [layers, property] as const,
  )
}

/** Centres the map on a point at the given zoom and waits for the drawing. */
async function jumpTo(center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => window.__gridpulseMap!.jumpTo({ center: c, zoom: z }), [center, zoom] as const)
  await waitForRender(page)
}

/** Label points of the areas, from the API (the map's sources only hold what is in view). */
async function fetchLabelPoints(): Promise<GeoJSON.FeatureCollection<GeoJSON.Point, { level: string; kind: string; name: string }>> {
  return (await fetch(`${app.url}/api/areas?geometry=label`)).json() as never
}

async function fitDistrict(): Promise<void> {
  await page.click('.fit-district-button')
  await waitForRender(page)
}

beforeAll(async () => {
  app = await startTestApp()
  facilityTypes = (await (await fetch(`${app.url}/api/facility-types`)).json()) as FacilityType[]
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  recorder = recordRequests(context)
  await signIn(context, app.url, 'operator')
  page = await context.newPage()
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(`${app.url}/`)
  await waitForMapIdle(page)
  // The layers and the legend are in the panel the console opens from its top bar.
  await page.click('[data-testid=layers-button]')
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('map shell', () => {
  it('draws streets, communities, facilities and street names over the whole district', async () => {
    expect(await countRendered(['gp-street-fill'])).toBeGreaterThan(0)
    expect(await countRendered(['gp-street-line'])).toBeGreaterThan(0)
    expect(await countRendered(['gp-community-line'])).toBeGreaterThan(0)
    expect(await countRendered(['gp-district-line'])).toBeGreaterThan(0)
    expect(await countRendered(['gp-street-label'])).toBeGreaterThanOrEqual(5)
    const types = await getRenderedProperty(['gp-facility-circle'], 'type')
    expect(types.length).toBeGreaterThanOrEqual(4)
    for (const t of types) expect(facilityTypes.map((ft) => ft.code)).toContain(t)
    // Every street of the district is in the area tiles.
    const streets = await page.evaluate(
      () => new Set(window.__gridpulseMap!.querySourceFeatures('gp-areas', { sourceLayer: 'areas', filter: ['==', ['get', 'level'], 'street'] }).map((f) => f.properties.code)).size,
    )
    expect(streets).toBeGreaterThanOrEqual(5)
  })

  it('draws grids, pictograms and community and grid names when zoomed in', async () => {
    const labels = await fetchLabelPoints()
    const community = labels.features.filter((f) => f.properties.level === 'community')[0]
    try {
      await jumpTo(community.geometry.coordinates as [number, number], 14.5)
      expect(await countRendered(['gp-grid-line'])).toBeGreaterThan(0)
      expect(await countRendered(['gp-grid-label'])).toBeGreaterThan(0)
      expect(await countRendered(['gp-community-label'])).toBeGreaterThan(0)
      const grids = await page.evaluate(
        () => window.__gridpulseMap!.querySourceFeatures('gp-areas', { sourceLayer: 'areas', filter: ['==', ['get', 'level'], 'grid'] }).length,
      )
      expect(grids).toBeGreaterThan(0)
      if ((await countRendered(['gp-facility-circle'])) > 0) expect(await countRendered(['gp-facility-icon'])).toBeGreaterThan(0)
    } finally {
      await fitDistrict()
    }
  })

  it('sets exclusive grids apart, with their names', async () => {
    const labels = await fetchLabelPoints()
    const exclusive = labels.features.find((f) => f.properties.level === 'grid' && f.properties.kind === 'exclusive')
    expect(exclusive).toBeDefined()
    try {
      await jumpTo(exclusive!.geometry.coordinates as [number, number], 15)
      expect(await countRendered(['gp-exclusive-fill'])).toBeGreaterThan(0)
      expect(await countRendered(['gp-exclusive-line'])).toBeGreaterThan(0)
      const names = await getRenderedProperty(['gp-exclusive-label'], 'name')
      expect(names).toContain(exclusive!.properties.name)
    } finally {
      await fitDistrict()
    }
  })

  it('loads the bundled Chinese font for the labels', async () => {
    const names = await page.evaluate(() =>
      window.__gridpulseMap!.querySourceFeatures('gp-area-labels', { filter: ['==', ['get', 'level'], 'street'] }).map((f) => String(f.properties.name)),
    )
    expect(names.length).toBeGreaterThan(0)
    expect(await page.evaluate((text) => document.fonts.check('16px "Noto Sans SC"', text), names.join(''))).toBe(true)
  })

  it('lists the facility types in Chinese in the legend, with their counts', async () => {
    const rows = page.locator('[data-testid=legend-type]')
    await expect.poll(() => rows.count()).toBe(facilityTypes.length)
    const texts = await rows.allInnerTexts()
    for (const type of facilityTypes) {
      expect(type.name).toMatch(/\p{Script=Han}/u)
      expect(texts.some((t) => t.includes(type.name))).toBe(true)
    }
  })

  it('hides a layer when its switch is turned off, and shows it again', async () => {
    expect(await countRendered(['gp-community-line'])).toBeGreaterThan(0)
    await page.click('[data-testid=toggle-communities]')
    await waitForRender(page)
    expect(await countRendered(['gp-community-line'])).toBe(0)
    await page.click('[data-testid=toggle-communities]')
    await waitForRender(page)
    expect(await countRendered(['gp-community-line'])).toBeGreaterThan(0)

    const [type] = await getRenderedProperty(['gp-facility-circle'], 'type')
    await page.click(`[data-testid=legend-type][data-type="${type}"] label`)
    await waitForRender(page)
    expect(await getRenderedProperty(['gp-facility-circle'], 'type')).not.toContain(type)
    expect(await countRendered(['gp-facility-circle'])).toBeGreaterThan(0)
    await page.click(`[data-testid=legend-type][data-type="${type}"] label`)
    await waitForRender(page)
    expect(await getRenderedProperty(['gp-facility-circle'], 'type')).toContain(type)

    await page.click('[data-testid=toggle-facilities]')
    await waitForRender(page)
    expect(await countRendered(['gp-facility-circle'])).toBe(0)
    await page.click('[data-testid=toggle-facilities]')
    await waitForRender(page)
    expect(await countRendered(['gp-facility-circle'])).toBeGreaterThan(0)
  })

  it('switches the interface and the map labels to English', async () => {
    await fitDistrict()
    await page.click('[data-testid=language-switch] [data-language=en]')
    await waitForRender(page)
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('[data-testid=header]').innerText()).toContain('Grid Governance Command Centre')
    const legend = await page.locator('[data-testid=legend-type]').allInnerTexts()
    for (const type of facilityTypes) expect(legend.some((t) => t.includes(type.name_en))).toBe(true)
    const textField = await page.evaluate(() => JSON.stringify(window.__gridpulseMap!.getLayoutProperty('gp-street-label', 'text-field')))
    expect(textField).toContain('name_en')
    expect(await countRendered(['gp-street-label'])).toBeGreaterThanOrEqual(5)
    await page.click('[data-testid=language-switch] [data-language=zh-CN]')
    await waitForRender(page)
    expect(await page.locator('[data-testid=header]').innerText()).toContain('网格化治理指挥中心')
  })

  it('keeps the layer switches after a reload', async () => {
    await page.click('[data-testid=toggle-grids]')
    await page.reload()
    await waitForMapIdle(page)
    await page.click('[data-testid=layers-button]')
    expect(await page.locator('[data-testid=toggle-grids] input').isChecked()).toBe(false)
    expect(await page.evaluate(() => window.__gridpulseMap!.getLayoutProperty('gp-grid-line', 'visibility'))).toBe('none')
    await page.click('[data-testid=toggle-grids]')
  })

  it('made no request to any host but 127.0.0.1, and raised no page error', async () => {
    const urls = recorder.requests.map((r) => r.url)
    // The recorder sees the worker's tile requests too, so the check below covers them.
    expect(urls.some((u) => u.includes('/tiles/areas/'))).toBe(true)
    expect(urls.some((u) => u.includes('.woff2'))).toBe(true)
    expect(recorder.getForeignRequests(['127.0.0.1'])).toEqual([])
    expect(pageErrors).toEqual([])
  })
})

describe('opt-in basemap', () => {
  // A 1×1 grey PNG stands in for the outside tile servers: the test never leaves the machine.
  const TILE_PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPo6OgAAAMEAYFL09IQAAAAAElFTkSuQmCC',
    'base64',
  )
  let optContext: BrowserContext
  let optPage: Page
  const outside: string[] = []

  beforeAll(async () => {
    optContext = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await signIn(optContext, app.url, 'operator')
    await optContext.route(/^https:\/\/(tile\.openstreetmap\.org|t[0-7]\.tianditu\.gov\.cn)\//, (route) => {
      outside.push(route.request().url())
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG })
    })
    optPage = await optContext.newPage()
    await optPage.goto(`${app.url}/`)
    await waitForMapIdle(optPage)
    await optPage.click('[data-testid=layers-button]')
  })

  afterAll(async () => {
    await optContext?.close()
  })

  async function chooseBasemap(kind: string, input?: { selector: string; value: string }) {
    await optPage.click('[data-testid=basemap-button]')
    await optPage.check(`[data-testid=basemap-dialog] input[value=${kind}]`)
    if (input) await optPage.fill(`[data-testid=basemap-dialog] ${input.selector}`, input.value)
    await optPage.click('[data-testid=basemap-dialog] button[type=submit]')
    await optPage.waitForFunction(() => window.__gridpulseMap!.isStyleLoaded())
    await waitForRender(optPage)
  }

  const getLayerIds = () => optPage.evaluate(() => window.__gridpulseMap!.getStyle().layers.map((l) => l.id))
  const countCircles = () =>
    optPage.evaluate(() => window.__gridpulseMap!.queryRenderedFeatures({ layers: ['gp-facility-circle'] }).length)

  it('puts OpenStreetMap beneath every GridPulse layer, and keeps them all', async () => {
    const before = await getLayerIds()
    await chooseBasemap('osm')
    const after = await getLayerIds()
    expect(after.slice(0, 2)).toEqual(['gp-background', 'basemap-raster-osm'])
    expect(after.slice(2)).toEqual(before.slice(1))
    expect(await countCircles()).toBeGreaterThan(0)
    expect(outside.some((u) => /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true)
  })

  it('asks Tianditu for vector and annotation tiles with the key', async () => {
    await chooseBasemap('tianditu', { selector: 'input[type=text]', value: 'KEY123' })
    const ids = await getLayerIds()
    expect(ids.slice(1, 3)).toEqual(['basemap-raster-tianditu-vec', 'basemap-raster-tianditu-cva'])
    const tianditu = outside.filter((u) => u.includes('tianditu.gov.cn'))
    expect(tianditu.some((u) => u.includes('/vec_w/wmts?') && u.includes('tk=KEY123'))).toBe(true)
    expect(tianditu.some((u) => u.includes('/cva_w/wmts?'))).toBe(true)
  })

  it('falls back to the offline style, layers intact, when a style URL fails', async () => {
    await chooseBasemap('style', { selector: 'input[type=url]', value: `${app.url}/no-such-style.json` })
    const ids = await getLayerIds()
    expect(ids[0]).toBe('gp-background')
    expect(ids.some((id) => id.startsWith('basemap-raster'))).toBe(false)
    expect(ids).toContain('gp-street-label')
    expect(await countCircles()).toBeGreaterThan(0)
    await expect.poll(() => optPage.locator('[data-testid=basemap-button] .dot--error').count()).toBe(1)
  })

  it('goes back to no basemap, and remembers the choice in this browser only', async () => {
    await chooseBasemap('none')
    expect((await getLayerIds()).some((id) => id.startsWith('basemap-raster'))).toBe(false)
    expect(await optPage.evaluate(() => localStorage.getItem('gridpulse.basemap'))).toBe('{"kind":"none"}')
    expect(await page.evaluate(() => localStorage.getItem('gridpulse.basemap'))).toBeNull()
  })
})

