// Translation: t(key, vars) for UI strings and getLocalName() for names that come with the data.
import { useAppStore } from '../store'
import { MESSAGES, type Language, type MessageKey } from './messages'
import { findSubcategory, ISSUE_CATEGORIES } from '../../core/domain/issue-taxonomy'
import { DEFAULT_TIME_ZONE } from '../../core/domain/city-time'

export type { Language, MessageKey }
export { LANGUAGES } from './messages'

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = MESSAGES[language][key] ?? MESSAGES['zh-CN'][key] ?? key
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
}

/** The translate function of the current language; re-renders the component when it changes. */
export function useT(): Translate {
  const language = useAppStore((s) => s.language)
  return (key, vars) => translate(language, key, vars)
}

/** A place's or type's name in the language: name_en in English when there is one. */
export function getLocalName(item: { name: string; name_en?: string | null }, language: Language): string {
  return language === 'en' && item.name_en ? item.name_en : item.name
}

/** A term of the taxonomy (a colour, status, action, category) in the language. */
export function getTermName(term: { name: string; nameEn: string }, language: Language): string {
  return language === 'en' ? term.nameEn : term.name
}

/** A category's name by its code (`sanitation`), or the code when unknown. */
export function getCategoryName(code: string, language: Language): string {
  const c = ISSUE_CATEGORIES.find((x) => x.code === code)
  return c ? getTermName(c, language) : code
}

/** A sub-category's name by its code (`sanitation.garbage`), or the code when unknown. */
export function getSubcategoryName(code: string, language: Language): string {
  const s = findSubcategory(code)
  return s ? getTermName(s, language) : code
}

const NUMBER_FORMATS: Record<Language, Intl.NumberFormat> = {
  'zh-CN': new Intl.NumberFormat('zh-CN'),
  en: new Intl.NumberFormat('en'),
}

export function formatNumber(n: number, language: Language): string {
  return NUMBER_FORMATS[language].format(n)
}

const PCT_FORMATS: Record<Language, Intl.NumberFormat> = {
  'zh-CN': new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
}

/** A percentage to one decimal, e.g. "93.1%". */
export function formatPct(pct: number, language: Language): string {
  return `${PCT_FORMATS[language].format(pct)}%`
}

/** A duration in minutes as "12 分" / "3.5 时" (or – when unknown). */
export function formatMinutes(minutes: number | null | undefined, language: Language): string {
  if (minutes === null || minutes === undefined) return '–'
  return minutes < 90 ? translate(language, 'console.minutes', { n: Math.round(minutes) }) : translate(language, 'console.hours', { n: (minutes / 60).toFixed(1) })
}

/**
 * An instant as the city's clock shows it (DEFAULT_TIME_ZONE), whatever the browser's zone: the
 * city's days bound "today", the figures' periods and the issue codes, so the times beside them are
 * the city's too (a browser elsewhere, or headless Chromium in UTC, showed 16:00 for the city's
 * midnight). `parts`: which fields, as Intl.DateTimeFormat takes them (default: the locale's date and time).
 */
export function formatCityTime(at: string | number | Date, language: Language, parts?: Intl.DateTimeFormatOptions): string {
  return new Date(at).toLocaleString(language, { ...parts, timeZone: DEFAULT_TIME_ZONE })
}

/** The time of day alone on the city's clock, as the locale writes it. */
export function formatCityTimeOfDay(at: string | number | Date, language: Language, parts?: Intl.DateTimeFormatOptions): string {
  return new Date(at).toLocaleTimeString(language, { ...parts, timeZone: DEFAULT_TIME_ZONE })
}

/** How long ago `iso` was at `now`, e.g. "3 分钟前" / "3 min. ago". */
export function formatAgo(now: number, iso: string, language: Language): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' })
  if (s < 60) return rtf.format(-s, 'second')
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute')
  if (s < 86_400) return rtf.format(-Math.round(s / 3600), 'hour')
  return rtf.format(-Math.round(s / 86_400), 'day')
}
