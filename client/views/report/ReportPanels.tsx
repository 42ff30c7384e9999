// The report form's pieces: the header (who, live or not, language, log out), the category tiles
// and their sub-categories, the photo strip, and the outbox of reports not yet accepted.
import { useEffect, useMemo, type RefObject } from 'react'
import type { NewIssueRequest, TaxonomyPayload } from '../../../core/wire/issues'
import { LanguageSwitch } from '../../components/LanguageSwitch'
import { getTermName, useT } from '../../i18n'
import type { QueuedReport } from '../../offline/report-queue'
import { useAppStore } from '../../store'
import type { ConnectionState } from '../../store/live-issues-slice'

export function ReportHeader(props: { user?: string; onLogout?: () => void; online?: boolean; connection?: ConnectionState }) {
  const t = useT()
  return (
    <header className="report-header">
      <div>
        <div className="report-header__title">{t('report.title')}</div>
        {props.user && (
          <div className="report-header__user">
            <span className="report-header__name">{props.user}</span>
            <span className={props.online && props.connection === 'live' ? 'report-dot is-live' : 'report-dot'} data-testid="connection">
              {!props.online ? t('report.offline') : props.connection === 'live' ? t('report.live') : t('report.reconnecting')}
            </span>
          </div>
        )}
      </div>
      <div className="report-header__actions">
        <LanguageSwitch />
        {props.onLogout && (
          <button type="button" className="report-link" onClick={props.onLogout}>
            {t('report.logout')}
          </button>
        )}
      </div>
    </header>
  )
}

/** A tile per category; the open one's sub-categories as radio buttons (the value is a sub-category code). */
export function CategoryPicker(props: {
  categories: TaxonomyPayload['categories']
  open: string
  onOpen(code: string): void
  value: string
  onChange(code: string): void
}) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const category = props.categories.find((c) => c.code === props.open)
  return (
    <>
      <div className="report-categories" role="group" aria-label={t('report.category')}>
        {props.categories.map((c) => (
          <button
            key={c.code}
            type="button"
            className={c.code === props.open ? 'report-tile is-active' : 'report-tile'}
            aria-pressed={c.code === props.open}
            data-category={c.code}
            onClick={() => props.onOpen(c.code)}
          >
            {getTermName(c, language)}
          </button>
        ))}
      </div>
      {category && (
        <div className="report-subcategories" role="radiogroup" aria-label={getTermName(category, language)}>
          {category.subcategories.map((s) => (
            <label key={s.code} className={props.value === s.code ? 'report-choice is-active' : 'report-choice'}>
              <input type="radio" name="subcategory" value={s.code} checked={props.value === s.code} onChange={() => props.onChange(s.code)} />
              {getTermName(s, language)}
            </label>
          ))}
        </div>
      )}
    </>
  )
}

/** The photos taken so far, each removable, and the camera button while there is room. */
export function PhotoStrip(props: { photos: File[]; max: number; inputRef: RefObject<HTMLInputElement | null>; onAdd(files: FileList | null): void; onRemove(index: number): void }) {
  const t = useT()
  return (
    <div className="report-photos">
      {props.photos.map((p, i) => (
        <PhotoThumb key={`${p.name}-${i}`} file={p} onRemove={() => props.onRemove(i)} label={t('report.removePhoto')} />
      ))}
      {props.photos.length < props.max && (
        <label className="report-photo-add">
          <input ref={props.inputRef} type="file" accept="image/*" capture="environment" multiple onChange={(e) => props.onAdd(e.target.files)} data-testid="photo-input" />
          <span className="report-photo-add__icon" aria-hidden="true">
            ＋
          </span>
          <span className="report-photo-add__text">{t('report.addPhotoLabel')}</span>
        </label>
      )}
    </div>
  )
}

function PhotoThumb(props: { file: File; label: string; onRemove(): void }) {
  const url = useMemo(() => URL.createObjectURL(props.file), [props.file])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return (
    <div className="report-photo">
      <img src={url} alt="" />
      <button type="button" aria-label={props.label} onClick={props.onRemove}>
        ×
      </button>
    </div>
  )
}

/** Reports still on the phone: waiting for the network, or refused by the server (edit or discard). */
export function OutboxList(props: { queue: QueuedReport[]; subcategoryName(code: string): string; onEdit(request: NewIssueRequest): void; onDiscard(id: string): void }) {
  const t = useT()
  if (props.queue.length === 0) return null
  return (
    <section className="report-outbox" data-testid="outbox">
      <h2>{t('report.outbox')}</h2>
      <ul>
        {props.queue.map((q) => (
          <li key={q.request.id} className={q.state === 'failed' ? 'report-item is-failed' : 'report-item'} data-state={q.state}>
            <div className="report-item__title">{props.subcategoryName(q.request.category)}</div>
            <div className="report-item__text">{q.request.description}</div>
            {q.state === 'waiting' ? (
              <div className="report-item__meta">{t('report.waiting')}</div>
            ) : (
              <div className="report-item__meta report-hint--error">
                {t('report.refused', { message: q.error ?? '' })}
                <button type="button" className="report-link" onClick={() => props.onEdit(q.request)}>
                  {t('report.edit')}
                </button>
                <button type="button" className="report-link" onClick={() => props.onDiscard(q.request.id)}>
                  {t('report.discard')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
