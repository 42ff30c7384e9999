// Drill-down: the breadcrumb (district › street › community › grid) of the area the operator
// clicked, the map flown to it, and that area's figures — population, service points, open and
// overdue issues here, and the share of its residents within a 15-minute walk.
import { useEffect, useState } from 'react'
import { fetchAreaCoveragePct } from '../../api/coverage'
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { isIssueInArea, isIssueOverdue } from '../../live/issue-filters'
import { getAreaChain, useAreaDetail, useAreaIndex } from '../../areas/use-area-names'
import { getFitPadding } from '../../map/fit-padding'
import { formatNumber, formatPct, getLocalName, useT } from '../../i18n'
import { useAppStore } from '../../store'

export function AreaBar() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const area = useAppStore((s) => s.area)
  const issues = useAppStore((s) => s.issues)
  const areas = useAreaIndex()
  const detail = useAreaDetail(area)
  const level = area ? areas?.get(area)?.level : undefined
  const [coverage, setCoverage] = useState<number | null>(null)

  // Fly to the area once its outline is here.
  useEffect(() => {
    const map = window.__gridpulseMap
    if (map && detail?.bbox) map.fitBounds(detail.bbox as [number, number, number, number], { padding: getFitPadding(map.getContainer(), false, 'console'), maxZoom: 16, duration: 700 })
  }, [detail])

  useEffect(() => {
    setCoverage(null)
    if (!area || level === undefined || level === 'district') return
    let live = true
    fetchAreaCoveragePct(area, level).then((pct) => live && setCoverage(pct), () => undefined)
    return () => {
      live = false
    }
  }, [area, level])

  const chain = areas ? getAreaChain(areas, area) : []
  const district = areas ? [...areas.values()].find((a) => a.level === 'district') : undefined
  const crumbs = chain.length ? chain : district ? [district] : []
  const open = area ? [...issues.values()].filter((i) => isOpenStatus(i.status) && isIssueInArea(i, area)) : []
  const n = (v: number) => formatNumber(v, language)
  return (
    <nav className="area-bar" aria-label={t('console.breadcrumb')} data-testid="area-bar">
      <ol className="breadcrumb" data-testid="breadcrumb">
        {crumbs.map((a, i) => (
          <li key={a.code}>
            {i < crumbs.length - 1 || !area ? (
              <button type="button" className="link-button" onClick={() => useAppStore.getState().setArea(a.level === 'district' ? null : a.code)}>
                {getLocalName(a, language)}
              </button>
            ) : (
              <strong aria-current="location">{getLocalName(a, language)}</strong>
            )}
          </li>
        ))}
      </ol>
      {area && detail && (
        <dl className="area-figures" data-testid="area-figures">
          <div>
            <dt>{t('console.population')}</dt>
            <dd>{n(detail.properties.population ?? detail.properties.demand_population)}</dd>
          </div>
          <div>
            <dt>{t('console.facilities')}</dt>
            <dd>{n(detail.properties.facilities_count)}</dd>
          </div>
          <div>
            <dt>{t('console.open')}</dt>
            <dd data-testid="area-open">{n(open.length)}</dd>
          </div>
          <div>
            <dt>{t('console.overdue')}</dt>
            <dd>{n(open.filter((i) => isIssueOverdue(i, Date.now())).length)}</dd>
          </div>
          <div>
            <dt>{t('console.coverage15')}</dt>
            <dd>{coverage === null ? '–' : formatPct(coverage, language)}</dd>
          </div>
          <div>
            <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={() => useAppStore.getState().setArea(null)}>
              ×
            </button>
          </div>
        </dl>
      )}
    </nav>
  )
}
