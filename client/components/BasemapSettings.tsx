// Opt-in online basemap for networks that have one: OpenStreetMap raster, Tianditu with a key,
// or any style URL. Saved for this browser only; the default stays offline.
import { useId, useState } from 'react'
import type { Basemap, BasemapKind } from '../../core/wire/read-api'
import { basemapSchema } from '../config'
import { useT, type MessageKey } from '../i18n'
import { useAppStore } from '../store'
import { useEscape } from './use-escape'

const KINDS: { kind: BasemapKind; label: MessageKey }[] = [
  { kind: 'none', label: 'basemap.kind.none' },
  { kind: 'osm', label: 'basemap.kind.osm' },
  { kind: 'tianditu', label: 'basemap.kind.tianditu' },
  { kind: 'style', label: 'basemap.kind.style' },
]

export function BasemapSettings() {
  const t = useT()
  const [open, setOpen] = useState(false)
  const basemap = useAppStore((s) => s.basemap)
  const error = useAppStore((s) => s.basemapError)
  const online = basemap.kind !== 'none'
  return (
    <div className="basemap-settings">
      <button
        type="button"
        className={online ? 'tool-button is-online' : 'tool-button'}
        aria-expanded={open}
        aria-haspopup="dialog"
        data-testid="basemap-button"
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path d="M10 2.5 18 6.5 10 10.5 2 6.5Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          <path d="M2 10 10 14 18 10M2 13.5 10 17.5 18 13.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
        <span>{t('basemap.open')}</span>
        {error && <span className="dot dot--error" aria-hidden="true" />}
      </button>
      {open && <BasemapDialog current={basemap} onClose={() => setOpen(false)} />}
    </div>
  )
}

function BasemapDialog({ current, onClose }: { current: Basemap; onClose(): void }) {
  const t = useT()
  const id = useId()
  const source = useAppStore((s) => s.basemapSource)
  const error = useAppStore((s) => s.basemapError)
  const chooseBasemap = useAppStore((s) => s.chooseBasemap)
  const [kind, setKind] = useState<BasemapKind>(current.kind)
  const [key, setKey] = useState(current.kind === 'tianditu' ? current.key : '')
  const [url, setUrl] = useState(current.kind === 'style' ? current.url : '')
  const [invalid, setInvalid] = useState<MessageKey | null>(null)

  useEscape(onClose)

  const apply = () => {
    const candidate = kind === 'tianditu' ? { kind, key: key.trim() } : kind === 'style' ? { kind, url: url.trim() } : { kind }
    const parsed = basemapSchema.safeParse(candidate)
    if (!parsed.success) {
      setInvalid(kind === 'tianditu' ? 'basemap.invalidKey' : 'basemap.invalidUrl')
      return
    }
    setInvalid(null)
    chooseBasemap(parsed.data)
    onClose()
  }

  return (
    <div className="popover" role="dialog" aria-labelledby={`${id}-title`} data-testid="basemap-dialog">
      <div className="popover__header">
        <h2 id={`${id}-title`}>{t('basemap.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('basemap.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted small">{t(source === 'browser' ? 'basemap.source.browser' : 'basemap.source.server')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          apply()
        }}
      >
        <fieldset className="radio-list">
          {KINDS.map((k) => (
            <label key={k.kind} className="radio-row">
              <input type="radio" name={`${id}-kind`} value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} />
              <span>{t(k.label)}</span>
            </label>
          ))}
        </fieldset>
        {kind === 'tianditu' && (
          <label className="field">
            <span>{t('basemap.key')}</span>
            <input type="text" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
        )}
        {kind === 'style' && (
          <label className="field">
            <span>{t('basemap.url')}</span>
            <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/style.json" spellCheck={false} />
          </label>
        )}
        {invalid && <p className="form-error">{t(invalid)}</p>}
        {error && <p className="form-error">{t('basemap.error', { message: error })}</p>}
        <p className="muted small">{t(kind === 'none' ? 'basemap.offlineNote' : 'basemap.onlineNote')}</p>
        <div className="popover__actions">
          {source === 'browser' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                chooseBasemap(null)
                onClose()
              }}
            >
              {t('basemap.reset')}
            </button>
          )}
          <button type="submit" className="button button--primary">
            {t('basemap.apply')}
          </button>
        </div>
      </form>
    </div>
  )
}
