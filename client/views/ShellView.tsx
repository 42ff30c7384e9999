// `/`: the map shell — the district map full screen, a header with what is on it, the layer
// switches and legend on the right, the language switch and basemap setting above them.
import { Brand } from '../components/Brand'
import { useEffect } from 'react'
import { BasemapSettings } from '../components/BasemapSettings'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { LayerToggles } from '../components/LayerToggles'
import { ErrorBanner, LoadingBanner } from '../components/StatusBanners'
import { Legend } from '../components/Legend'
import { formatNumber, useT } from '../i18n'
import { MapView } from '../map/MapView'
import { useAppStore } from '../store'
import { DATASETS, type LoadState } from '../store/data-slice'

export function ShellView() {
  const config = useAppStore((s) => s.config)
  const status = useAppStore((s) => s.status)
  const loadShellData = useAppStore((s) => s.loadShellData)

  useEffect(() => {
    if (useAppStore.getState().status.config.state === 'idle') void loadShellData()
  }, [loadShellData])

  const failed = DATASETS.map((d) => status[d]).find((s): s is Extract<LoadState, { state: 'error' }> => s.state === 'error')

  return (
    <div className="shell">
      {config && <MapView config={config} />}
      <Header />
      <div className="toolbar">
        <BasemapSettings />
        <LanguageSwitch />
      </div>
      <aside className="side-panel" data-testid="side-panel">
        <Legend />
        <LayerToggles />
      </aside>
      {failed ? <ErrorBanner message={failed.message} /> : <LoadingIndicator />}
    </div>
  )
}

function Header() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const summary = useAppStore((s) => s.summary)
  const district = summary ? (language === 'en' && summary.districtNameEn ? summary.districtNameEn : summary.districtName) : null
  const n = (v: number) => formatNumber(v, language)
  return (
    <header className="header-card" data-testid="header">
      <Brand subtitle={t('app.subtitle')} />
      {summary && (
        <div className="header-card__area">
          {district && <h1 className="district-name">{district}</h1>}
          <p className="summary">
            <span>{t('summary.streets', { n: n(summary.streets) })}</span>
            <span>{t('summary.communities', { n: n(summary.communities) })}</span>
            <span>{t('summary.grids', { n: n(summary.grids) })}</span>
          </p>
          {summary.synthetic && <span className="badge">{t('status.demoData')}</span>}
        </div>
      )}
    </header>
  )
}

function LoadingIndicator() {
  const t = useT()
  const ready = useAppStore((s) => s.mapReady)
  if (ready) return null
  return <LoadingBanner text={t('status.loading')} />
}
