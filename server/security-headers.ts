// The browser's own defences, set on every answer: a Content-Security-Policy that lets the page
// load only from this server (plus data: images — the facility pictograms — and fonts, and blob:
// for workers and photo previews; the opt-in basemaps' tile hosts, and a configured style URL's host), no
// referrer sent anywhere (the wall's kiosk token travels in its URL), and framing only by the hosts
// FRAME_ANCESTORS names (a command hall's big-screen system; none by default). helmet writes them.
// No upgrade-insecure-requests and no HSTS: a command centre often serves plain HTTP on its own
// network, and both would break it; a TLS proxy in front may add HSTS itself.
import type { RequestHandler } from 'express'
import helmet from 'helmet'
import type { Basemap } from '../core/wire/read-api.js'

/** The tile hosts of the basemaps the browser's basemap dialog offers (OpenStreetMap, Tianditu). */
export const BASEMAP_TILE_HOSTS = ['https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn']

export function createSecurityHeaders(o: { basemap: Basemap; frameAncestors: string[] }): RequestHandler {
  const styleOrigin = o.basemap.kind === 'style' ? [new URL(o.basemap.url).origin] : []
  const remote = [...BASEMAP_TILE_HOSTS, ...styleOrigin]
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...remote],
        // Vite inlines the font's smallest unicode-range pieces as data: URLs.
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...remote],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: o.frameAncestors.length ? o.frameAncestors : ["'none'"],
      },
    },
    // frame-ancestors says it for browsers that read CSP; X-Frame-Options for the rest, when nobody may frame.
    xFrameOptions: o.frameAncestors.length ? false : { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    // The tiles and photos are same-origin; nothing here is meant to be embedded cross-origin.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  })
}
