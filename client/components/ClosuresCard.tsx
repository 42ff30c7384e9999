// The live closures as the console and /plan show them: how many residents lost their walk while
// the closures are open, the grids they live in, and each closure (its kind, its code, what it
// costs alone) — a row picks its issue where the page can show it. /plan adds the switch that walks
// round the closures or ignores them.
import type { ReactNode } from 'react'
import { formatNumber, getSubcategoryName, useT } from '../i18n'
import { useAppStore } from '../store'

export interface ClosureRow {
  id: string
  code: string
  subcategory: string
  /** Residents it cuts off alone (null: not measured). */
  population: number | null
}

export interface ClosuresCardProps {
  closures: ClosureRow[]
  /** Residents who lose the walk while all are open (null: no walking network, nothing measured). */
  population: number | null
  grids: { code: string; name: string; name_en: string | null; population: number }[]
  minutes: number
  onPick?(id: string): void
  /** Below the headline (the /plan switch). */
  children?: ReactNode
  testId: string
  className?: string
}

/** How many grids the card names; the rest are counted. */
const GRIDS_SHOWN = 4

export function ClosuresCard({ closures, population, grids, minutes, onPick, children, testId, className }: ClosuresCardProps) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const n = (v: number) => formatNumber(v, language)
  if (!closures.length) return null
  const name = (g: ClosuresCardProps['grids'][number]) => (language === 'en' && g.name_en ? g.name_en : g.name)
  return (
    <section className={className ? `closures-card ${className}` : 'closures-card'} data-testid={testId} role="status" data-population={population ?? ''}>
      <h2 className="closures-card__title">
        <span className="closures-card__icon" aria-hidden="true" />
        {t('closures.title', { n: n(closures.length) })}
      </h2>
      <p className="closures-card__headline" data-testid={`${testId}-headline`}>
        {population === null ? t('closures.noNetwork') : population > 0 ? t('closures.lost', { p: n(population), m: minutes }) : t('closures.noneLost', { m: minutes })}
      </p>
      {grids.length > 0 && (
        <p className="closures-card__grids small">
          {t('closures.grids')}
          {grids.slice(0, GRIDS_SHOWN).map((g) => (
            <span key={g.code} className="closures-card__grid">
              {name(g)} <b>{n(g.population)}</b>
            </span>
          ))}
          {grids.length > GRIDS_SHOWN && <span className="muted">{t('closures.moreGrids', { n: n(grids.length - GRIDS_SHOWN) })}</span>}
        </p>
      )}
      {children}
      <ul className="closures-card__list">
        {closures.map((c) => (
          <li key={c.id}>
            <button type="button" className="closures-card__row" disabled={!onPick} onClick={() => onPick?.(c.id)} data-closure={c.id}>
              <span className="closures-card__kind">{getSubcategoryName(c.subcategory, language)}</span>
              <span className="closures-card__code muted">{c.code}</span>
              {c.population !== null && <span className="closures-card__alone">{t('closures.alone', { p: n(c.population) })}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
