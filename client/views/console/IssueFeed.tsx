// The feed: the newest issues first (a virtualised list, so thousands scroll smoothly), with the
// filters the map obeys too — open or all, colour, status, category, time window — and a search by
// code or text. A row opens the issue. While the pointer is over the feed, new rows wait behind an
// "N new reports" pill instead of pushing the row under the pointer away (live/feed-hold.ts);
// the pill, or leaving the feed, shows them.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { ISSUE_STATUS_NAMES, ISSUE_STATUSES, type IssueStatus } from '../../../core/domain/issue-lifecycle'
import { ISSUE_CATEGORIES } from '../../../core/domain/issue-taxonomy'
import { TRIAGE_COLOUR_INFO, TRIAGE_COLOURS } from '../../../core/domain/triage'
import type { IssueSummary } from '../../../core/wire/issues'
import { isIssueOverdue, matchesFilters, TIME_WINDOWS, type IssueFilters } from '../../live/issue-filters'
import { holdNewRows } from '../../live/feed-hold'
import { formatAgo, formatNumber, getSubcategoryName, getTermName, useT } from '../../i18n'
import { Segmented } from '../../components/Segmented'
import { useAppStore } from '../../store'
import { ConsoleClosures } from './ConsoleClosures'

const ROW_HEIGHT = 66
const OVERSCAN = 6

export function IssueFeed() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const issues = useAppStore((s) => s.issues)
  const filters = useAppStore((s) => s.filters)
  const area = useAppStore((s) => s.area)
  const setFilters = useAppStore((s) => s.setFilters)
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(id)
  }, [])
  const rows = useMemo(() => {
    const list = [...issues.values()].filter((i) => matchesFilters(i, filters, area, now))
    // Plain comparison of the ISO times and codes: localeCompare would cost most of a frame at 10,000.
    return list.sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : a.code < b.code ? 1 : a.code > b.code ? -1 : 0))
  }, [issues, filters, area, now])
  // The rows there when the pointer came (or when the filters last changed under it: a list asked
  // for is shown whole), and how many wait behind the pill.
  const [pointerIn, setPointerIn] = useState(false)
  const held = useRef<{ ids: Set<string>; filters: IssueFilters; area: string | null } | null>(null)
  if (!pointerIn) held.current = null
  else if (!held.current || held.current.filters !== filters || held.current.area !== area) held.current = { ids: new Set(rows.map((r) => r.id)), filters, area }
  const [, rerender] = useState(0)
  const { shown, waiting } = holdNewRows(rows, held.current?.ids ?? null)
  return (
    <aside className="console-feed" data-testid="feed" onPointerEnter={() => setPointerIn(true)} onPointerLeave={() => setPointerIn(false)}>
      <ConsoleClosures />
      <div className="feed-filters">
        <input
          type="search"
          className="feed-search"
          placeholder={t('console.search')}
          value={filters.q}
          onChange={(e) => setFilters({ q: e.target.value })}
          data-testid="feed-search"
          aria-label={t('console.search')}
        />
        <div className="feed-filter-row">
          <Segmented
            options={['open', 'all'] as const}
            value={filters.scope}
            onChange={(scope) => setFilters({ scope })}
            label={(s) => t(`console.scope.${s}`)}
            attribute="scope"
            ariaLabel={t('console.scope')}
          />
          <Segmented options={TIME_WINDOWS} value={filters.window} onChange={(w) => setFilters({ window: w })} label={(w) => w} attribute="window" ariaLabel={t('console.window')} />
        </div>
        <div className="feed-filter-row">
          {TRIAGE_COLOURS.map((c) => {
            const on = filters.colours.includes(c)
            return (
              <button
                key={c}
                type="button"
                className={on ? 'chip is-active' : 'chip'}
                style={{ ['--chip-color' as string]: TRIAGE_COLOUR_INFO[c].hex }}
                aria-pressed={on}
                data-colour={c}
                onClick={() => setFilters({ colours: on ? filters.colours.filter((x) => x !== c) : [...filters.colours, c] })}
              >
                <span className="chip__dot" aria-hidden="true" />
                {getTermName(TRIAGE_COLOUR_INFO[c], language)}
              </button>
            )
          })}
        </div>
        <div className="feed-filter-row">
          <select value={filters.statuses[0] ?? ''} onChange={(e) => setFilters({ statuses: e.target.value ? [e.target.value as IssueStatus] : [] })} data-testid="filter-status" aria-label={t('console.status')}>
            <option value="">{t('console.anyStatus')}</option>
            {ISSUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {getTermName(ISSUE_STATUS_NAMES[s], language)}
              </option>
            ))}
          </select>
          <select value={filters.categories[0] ?? ''} onChange={(e) => setFilters({ categories: e.target.value ? [e.target.value] : [] })} data-testid="filter-category" aria-label={t('console.category')}>
            <option value="">{t('console.anyCategory')}</option>
            {ISSUE_CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {getTermName(c, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="feed-count small muted" data-testid="feed-count">
          {t('console.showing', { n: formatNumber(rows.length, language) })}
        </div>
      </div>
      <div className="feed-list-wrap">
        {waiting > 0 && (
          <button
            type="button"
            className="feed-new"
            data-testid="feed-new"
            onClick={(e) => {
              held.current = { ids: new Set(rows.map((r) => r.id)), filters, area }
              rerender((k) => k + 1)
              // The newest are at the top.
              e.currentTarget.parentElement?.querySelector('.virtual-list')?.scrollTo({ top: 0 })
            }}
          >
            {t('console.newReports', { n: formatNumber(waiting, language) })}
          </button>
        )}
        <VirtualList rows={shown} render={(issue) => <FeedRow issue={issue} now={now} />} />
      </div>
    </aside>
  )
}

function FeedRow({ issue, now }: { issue: IssueSummary; now: number }) {
  const language = useAppStore((s) => s.language)
  const selected = useAppStore((s) => s.selectedIssueId === issue.id)
  const pending = useAppStore((s) => s.pending.has(issue.id))
  const fresh = useAppStore((s) => s.freshIds.has(issue.id))
  const t = useT()
  const overdue = isIssueOverdue(issue, now)
  return (
    <button
      type="button"
      className={['feed-row', selected && 'is-selected', fresh && 'is-fresh', pending && 'is-pending'].filter(Boolean).join(' ')}
      onClick={() => useAppStore.getState().selectIssue(issue.id)}
      data-issue={issue.id}
      data-code={issue.code}
    >
      <span className="feed-row__colour" style={{ background: TRIAGE_COLOUR_INFO[issue.colour].hex }} aria-hidden="true" />
      <span className="feed-row__main">
        <span className="feed-row__title">{getSubcategoryName(issue.category, language)}</span>
        <span className="feed-row__text">{issue.description}</span>
      </span>
      <span className="feed-row__meta">
        <span className="feed-row__status" data-status={issue.status}>
          {getTermName(ISSUE_STATUS_NAMES[issue.status], language)}
        </span>
        {overdue && <span className="badge badge--alert">{t('console.overdueBadge')}</span>}
        <span className="muted small">{formatAgo(now, issue.reportedAt, language)}</span>
      </span>
    </button>
  )
}

/** Only the rows in view (and a few around) are in the page. */
function VirtualList<T extends { id: string }>({ rows, render }: { rows: T[]; render(row: T): ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver(() => setHeight(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN)
  return (
    <div className="virtual-list" ref={ref} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="feed-list">
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.slice(first, last).map((row, k) => (
          <div key={row.id} className="virtual-list__row" style={{ top: (first + k) * ROW_HEIGHT, height: ROW_HEIGHT }}>
            {render(row)}
          </div>
        ))}
      </div>
    </div>
  )
}
