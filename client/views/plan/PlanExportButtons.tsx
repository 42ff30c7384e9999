// Export (CSV per area, GeoJSON of gaps, unserved homes, stations and suggestions) and print.
import { useT } from '../../i18n'
import { snapshotCurrentMap } from '../../map/map-snapshot'
import { useAppStore } from '../../store'
import { buildPlanCsv, buildPlanGeoJson, downloadText, getPlanFileName } from './plan-export'

export function PlanExportButtons() {
  const t = useT()
  const ready = useAppStore((s) => s.analysis !== null)
  const setPrintImage = useAppStore((s) => s.setPrintMapImage)
  const exportCsv = () => {
    const s = useAppStore.getState()
    const csv = buildPlanCsv(s)
    if (csv) downloadText(csv, getPlanFileName(s, 'csv'), 'text/csv;charset=utf-8')
  }
  const exportGeoJson = () => {
    const s = useAppStore.getState()
    const json = buildPlanGeoJson(s)
    if (json) downloadText(json, getPlanFileName(s, 'geojson'), 'application/geo+json')
  }
  const print = async () => {
    // On paper there are no panels: the picture shows the whole district, then the view returns.
    setPrintImage(await snapshotCurrentMap(useAppStore.getState().config?.bbox ?? null))
    // Let React put the picture into the report before the print dialog takes its snapshot.
    requestAnimationFrame(() => requestAnimationFrame(() => window.print()))
  }
  return (
    <div className="plan-card plan-export" role="group" aria-label={t('plan.export.label')}>
      <button type="button" className="button" disabled={!ready} onClick={exportCsv} data-testid="export-csv">
        {t('plan.export.csv')}
      </button>
      <button type="button" className="button" disabled={!ready} onClick={exportGeoJson} data-testid="export-geojson">
        {t('plan.export.geojson')}
      </button>
      <button type="button" className="button" disabled={!ready} onClick={() => void print()} data-testid="print">
        {t('plan.export.print')}
      </button>
    </div>
  )
}
