// `/`: the operator console — the live map of issues with the grid hierarchy and service points,
// the situation at a glance across the top, the feed with its filters on the left, the open issue
// (or the layers) on the right, the area drilled into with its breadcrumb, and hotline intake.
import { useEffect, useState } from 'react'
import { LoginForm } from '../../components/LoginForm'
import { ErrorBanner, LoadingBanner } from '../../components/StatusBanners'
import { useT } from '../../i18n'
import { MapView } from '../../map/MapView'
import { useAppStore } from '../../store'
import { DATASETS, type LoadState } from '../../store/data-slice'
import { readConsoleUrl, writeConsoleUrl } from '../../live/issue-filters'
import { useUserLayers } from './use-user-layers'
import { AreaBar } from './AreaBar'
import { ConsoleLegend } from './ConsoleLegend'
import { ConsoleTopBar } from './ConsoleTopBar'
import { HotlineDialog } from './HotlineDialog'
import { IssueFeed } from './IssueFeed'
import { IssuePanel } from './IssuePanel'
import { LayersPanel } from './LayersPanel'
import { useLiveIssues } from '../../live/use-live-issues'
import { useFlyToIssue } from './use-fly-to-issue'

export function ConsoleView() {
  const t = useT()
  const session = useAppStore((s) => s.session)
  const config = useAppStore((s) => s.config)
  const status = useAppStore((s) => s.status)
  const ready = useAppStore((s) => s.mapReady)
  const selected = useAppStore((s) => s.selectedIssueId)
  const loadShellData = useAppStore((s) => s.loadShellData)
  const [layersOpen, setLayersOpen] = useState(false)
  const [hotline, setHotline] = useState(false)

  useEffect(() => {
    if (useAppStore.getState().status.config.state === 'idle') void loadShellData()
  }, [loadShellData])
  useUrlState()
  useLiveIssues()
  useUserLayers()
  useFlyToIssue()

  if (!session) {
    return (
      <div className="console-login" data-testid="console-login">
        <LoginForm
          title={t('console.loginTitle')}
          onLogin={(s) => {
            useAppStore.getState().signIn(s)
          }}
        />
      </div>
    )
  }
  const failed = DATASETS.map((d) => status[d]).find((s): s is Extract<LoadState, { state: 'error' }> => s.state === 'error')
  return (
    <div className="shell console" data-testid="console">
      {config && <MapView config={config} live />}
      <ConsoleTopBar onHotline={() => setHotline(true)} onLayers={() => setLayersOpen(!layersOpen)} layersOpen={layersOpen} />
      <IssueFeed />
      <AreaBar />
      <ConsoleLegend />
      {selected ? <IssuePanel key={selected} /> : layersOpen && <LayersPanel onClose={() => setLayersOpen(false)} />}
      {hotline && <HotlineDialog onClose={() => setHotline(false)} />}
      {failed ? <ErrorBanner message={failed.message} /> : !ready && <LoadingBanner text={t('status.loading')} />}
    </div>
  )
}

/** Filters, the area and the open issue from the URL at start, and into it as they change. */
function useUrlState() {
  useEffect(() => {
    const view = readConsoleUrl(location.search)
    const s = useAppStore.getState()
    s.setFilters(view.filters)
    s.setArea(view.area)
    s.selectIssue(view.issue)
    return useAppStore.subscribe((st, prev) => {
      if (st.filters === prev.filters && st.area === prev.area && st.selectedIssueId === prev.selectedIssueId) return
      const next = writeConsoleUrl({ filters: st.filters, area: st.area, issue: st.selectedIssueId })
      if (next !== location.search) history.replaceState(null, '', `${location.pathname}${next}`)
    })
  }, [])
}
