// The wall's view in its URL, so a reload (or a screen switched on in the morning) comes back to
// the same place: the kiosk token, the area drilled into, the window, the aggregation, and the
// autopilot's timings in seconds. Out-of-range values fall back to the defaults.
import { HOTSPOT_LEVELS, WALL_WINDOWS, type HotspotLevel, type WallWindow } from '../../../core/wire/wall'
import { LANGUAGES, type Language } from '../../i18n/messages'
import { areaCodeSchema } from '../../../core/domain/areas'

export interface WallUrlView {
  token: string | null
  area: string | null
  window: WallWindow
  level: HotspotLevel
  /** Seconds per hotspot on tour, seconds idle before the tour starts, seconds an alert stays. */
  tour: number
  idle: number
  alert: number
  /** The autopilot may start by itself. */
  autopilot: boolean
  /** The screen's language, when the URL sets one (a kiosk has no switch to press). */
  lang: Language | null
}

export const WALL_DEFAULTS: Omit<WallUrlView, 'token' | 'area'> = { window: '7d', level: 'hex', tour: 20, idle: 60, alert: 20, autopilot: true, lang: null }

const seconds = (raw: string | null, min: number, max: number, fallback: number): number => {
  const n = Number(raw)
  return raw !== null && Number.isInteger(n) && n >= min && n <= max ? n : fallback
}

export function readWallUrl(search: string): WallUrlView {
  const q = new URLSearchParams(search)
  const token = q.get('token')
  const area = q.get('area')
  return {
    token: token && /^[A-Za-z0-9._-]{20,4000}$/.test(token) ? token : null,
    area: area && areaCodeSchema.safeParse(area).success ? area : null,
    window: WALL_WINDOWS.includes(q.get('window') as WallWindow) ? (q.get('window') as WallWindow) : WALL_DEFAULTS.window,
    level: HOTSPOT_LEVELS.includes(q.get('level') as HotspotLevel) ? (q.get('level') as HotspotLevel) : WALL_DEFAULTS.level,
    tour: seconds(q.get('tour'), 3, 600, WALL_DEFAULTS.tour),
    idle: seconds(q.get('idle'), 3, 3600, WALL_DEFAULTS.idle),
    alert: seconds(q.get('alert'), 3, 300, WALL_DEFAULTS.alert),
    autopilot: q.get('autopilot') !== 'off',
    lang: LANGUAGES.includes(q.get('lang') as Language) ? (q.get('lang') as Language) : null,
  }
}

/** The query string of a view; defaults are left out, the token and timings kept as given. */
export function writeWallUrl(v: WallUrlView): string {
  const q = new URLSearchParams()
  if (v.token) q.set('token', v.token)
  if (v.area) q.set('area', v.area)
  if (v.window !== WALL_DEFAULTS.window) q.set('window', v.window)
  if (v.level !== WALL_DEFAULTS.level) q.set('level', v.level)
  if (v.tour !== WALL_DEFAULTS.tour) q.set('tour', String(v.tour))
  if (v.idle !== WALL_DEFAULTS.idle) q.set('idle', String(v.idle))
  if (v.alert !== WALL_DEFAULTS.alert) q.set('alert', String(v.alert))
  if (!v.autopilot) q.set('autopilot', 'off')
  if (v.lang) q.set('lang', v.lang)
  const s = q.toString()
  return s ? `?${s}` : ''
}
