// The layer switches, each with a small drawing of how the layer looks on the map (the area
// part of the legend). Choices persist in this browser.
import type { ReactNode } from 'react'
import { useT, type MessageKey } from '../i18n'
import { AREA_COLORS, STREET_TINTS } from '../map/layers/areas'
import { RIVER_COLOR, ROAD_CASING_COLOR } from '../map/layers/basemap'
import { DEMAND_RAMP } from '../map/layers/demand'
import { useAppStore, type LayerKey } from '../store'
import { Switch } from './Switch'

const lineSwatch = (color: string, width: number, dash?: string, fill?: string) => (
  <svg viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">
    <rect x="2" y="2" width="24" height="12" rx="2" fill={fill ?? 'none'} stroke={color} strokeWidth={width} strokeDasharray={dash} />
  </svg>
)

const SWATCHES: Partial<Record<LayerKey, ReactNode>> = {
  streets: lineSwatch(AREA_COLORS.street, 2, undefined, STREET_TINTS[0]),
  communities: lineSwatch(AREA_COLORS.community, 1.4),
  grids: lineSwatch(AREA_COLORS.grid, 1),
  exclusive: lineSwatch(AREA_COLORS.exclusive, 1.6, '3 2', `${AREA_COLORS.exclusiveFill}88`),
  labels: (
    <svg viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">
      <text x="14" y="12.5" textAnchor="middle" fontSize="12" fontFamily="'Noto Sans SC', sans-serif" fill="#1a2738">
        Aa
      </text>
    </svg>
  ),
  orientation: (
    <svg viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">
      <path d="M0 12 C8 8 14 14 28 9 L28 16 L0 16Z" fill={RIVER_COLOR} />
      <path d="M2 4 L26 7" stroke={ROAD_CASING_COLOR} strokeWidth="4" strokeLinecap="round" />
      <path d="M2 4 L26 7" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  ),
  circles: (
    <svg viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">
      <circle cx="10" cy="8" r="6.5" fill="rgba(29,95,174,0.08)" stroke="#1d5fae" strokeDasharray="3 2" />
      <circle cx="18" cy="8" r="6.5" fill="rgba(194,122,20,0.08)" stroke="#c27a14" strokeDasharray="3 2" />
    </svg>
  ),
  demand: (
    <svg viewBox="0 0 28 16" width="28" height="16" aria-hidden="true">
      <defs>
        <linearGradient id="demand-ramp">
          {DEMAND_RAMP.slice(1).map((c, i) => (
            <stop key={c} offset={i / (DEMAND_RAMP.length - 2)} stopColor={c} />
          ))}
        </linearGradient>
      </defs>
      <rect x="2" y="4" width="24" height="8" rx="4" fill="url(#demand-ramp)" />
    </svg>
  ),
}

const AREA_LAYERS: { key: LayerKey; label: MessageKey }[] = [
  { key: 'streets', label: 'layer.streets' },
  { key: 'communities', label: 'layer.communities' },
  { key: 'grids', label: 'layer.grids' },
  { key: 'exclusive', label: 'layer.exclusive' },
  { key: 'labels', label: 'layer.labels' },
  { key: 'orientation', label: 'layer.orientation' },
  { key: 'circles', label: 'layer.circles' },
  { key: 'demand', label: 'layer.demand' },
]

export function LayerToggles() {
  const t = useT()
  const layers = useAppStore((s) => s.layers)
  const setLayerVisible = useAppStore((s) => s.setLayerVisible)
  const basemap = useAppStore((s) => s.basemap)
  const summary = useAppStore((s) => s.summary)
  const counts: Partial<Record<LayerKey, number>> = summary
    ? { streets: summary.streets, communities: summary.communities, grids: summary.grids - summary.exclusiveGrids, exclusive: summary.exclusiveGrids }
    : {}
  const rows = basemap.kind === 'osm' || basemap.kind === 'tianditu' ? [...AREA_LAYERS, { key: 'basemap' as const, label: 'layer.basemap' as const }] : AREA_LAYERS
  return (
    <section className="panel-section" aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="panel-section__title">
        {t('panel.layers')}
      </h2>
      <div className="switch-list" data-testid="layer-toggles">
        {rows.map(({ key, label }) => (
          <Switch
            key={key}
            testId={`toggle-${key}`}
            checked={layers[key]}
            onChange={(v) => setLayerVisible(key, v)}
            label={t(label)}
            swatch={SWATCHES[key]}
            suffix={counts[key]}
          />
        ))}
        {layers.demand && (
          <div className="ramp-caption" aria-hidden="true">
            <span>{t('legend.demandLow')}</span>
            <span>{t('legend.demand')}</span>
            <span>{t('legend.demandHigh')}</span>
          </div>
        )}
      </div>
    </section>
  )
}
