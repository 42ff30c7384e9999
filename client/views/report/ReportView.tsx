// /report — the grid worker's phone page: log in once, report an issue with big touch targets
// (category, description, location, photos), and follow one's reports live. A report made with
// no network waits on the phone and is sent when the network returns.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { IssueSummary, NewIssueRequest } from '../../../core/wire/issues'
import { getCategoryCode } from '../../../core/domain/issue-taxonomy'
import { CLOSURE_METERS, isClosureKind } from '../../../core/domain/passage-closures'
import { fetchServerConfig } from '../../api/read-api'
import { LoginForm } from '../../components/LoginForm'
import { getSubcategoryName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { readStored, STORED_KEYS, writeStored } from '../../stored'
import { useLiveIssues } from '../../live/use-live-issues'
import { LocationPicker, type PickedLocation } from './LocationPicker'
import { MyReports } from './MyReports'
import { CategoryPicker, OutboxList, PhotoStrip, ReportHeader } from './ReportPanels'
import { useReportOutbox } from './use-report-outbox'
import { installReportApp } from '../../offline/install-report-app'

const MAX_PHOTOS = 3
const MAX_PHOTO_BYTES = 5 * 1024 * 1024
const MAX_DESCRIPTION = 2000

interface Draft {
  category: string
  description: string
  location: PickedLocation | null
}

/** The draft kept through a reload; a broken one is no draft. */
function loadDraft(): Draft {
  const d = readStored(STORED_KEYS.reportDraft, (v) => (v && typeof (v as Draft).description === 'string' ? (v as Draft) : null))
  return d ?? { category: '', description: '', location: null }
}

/** A v4 UUID; crypto.randomUUID needs a secure context, which a phone on the LAN over http is not. */
export function createUuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function ReportView() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const session = useAppStore((s) => s.session)
  const taxonomy = useAppStore((s) => s.taxonomy)
  const issues = useAppStore((s) => s.issues)
  const connection = useAppStore((s) => s.connection)
  const [bbox, setBbox] = useState<[number, number, number, number] | null>(null)
  const [draft, setDraft] = useState<Draft>(loadDraft)
  const [openCategory, setOpenCategory] = useState(() => getCategoryCode(draft.category))
  const [photos, setPhotos] = useState<File[]>([])
  const [errors, setErrors] = useState<Partial<Record<'category' | 'description' | 'location' | 'photos', string>>>({})
  const [notice, setNotice] = useState('')
  const [online, setOnline] = useState(navigator.onLine)
  const fileInput = useRef<HTMLInputElement>(null)
  const form = useRef<HTMLFormElement>(null)
  // Bumped by each refused send, so the page scrolls to the first error even when the errors are the same as before.
  const [errorShown, setErrorShown] = useState(0)

  const logout = useAppStore((s) => s.signOut)

  // A report the outbox sent: shown at once, then kept current by the feed.
  const mergeIssue = useCallback((issue: IssueSummary) => useAppStore.getState().applyIssue(issue, issue.seq, false), [])
  // My reports: the list once, then live from the socket (replay after the newest seq we hold).
  useLiveIssues({ mine: true, figures: false })

  const outbox = useReportOutbox(session, mergeIssue)

  useEffect(() => {
    writeStored(STORED_KEYS.reportDraft, draft)
  }, [draft])

  // The page as an installable app that opens offline; a new version waits for the next open.
  const [updateReady, setUpdateReady] = useState(false)
  useEffect(() => installReportApp(() => setUpdateReady(true)), [])

  useEffect(() => {
    const abort = new AbortController()
    fetchServerConfig(abort.signal).then((c) => setBbox(c.bbox), () => {})
    const on = () => setOnline(true)
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      abort.abort()
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [])

  // A refused send: the first error's section in view, not below the fold.
  useEffect(() => {
    if (!errorShown) return
    const first = form.current?.querySelector<HTMLElement>('.report-hint--error')
    if (!first) return
    first.closest('section')?.scrollIntoView({ block: 'start', behavior: 'auto' })
  }, [errorShown])

  const subcategoryName = useCallback((code: string) => getSubcategoryName(code, language), [language])

  if (!session) {
    return (
      <main className="report-page">
        <ReportHeader />
        <LoginForm title={t('report.loginTitle')} onLogin={(s) => useAppStore.getState().signIn(s)} />
      </main>
    )
  }

  function addPhotos(files: FileList | null) {
    if (!files) return
    const next = [...photos]
    for (const f of Array.from(files)) {
      if (f.size > MAX_PHOTO_BYTES) {
        setErrors((e) => ({ ...e, photos: t('report.photoTooBig', { name: f.name }) }))
        continue
      }
      if (next.length >= MAX_PHOTOS) {
        setErrors((e) => ({ ...e, photos: t('report.photoLimit', { n: MAX_PHOTOS }) }))
        break
      }
      next.push(f)
    }
    setPhotos(next)
    if (fileInput.current) fileInput.current.value = ''
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    const found: typeof errors = {}
    if (!draft.category) found.category = t('report.needCategory')
    if (!draft.description.trim()) found.description = t('report.needDescription')
    if (!draft.location) found.location = t('report.needLocation')
    setErrors(found)
    if (Object.keys(found).length > 0) {
      // The last report's "sent" is no answer to this one.
      setNotice('')
      setErrorShown((n) => n + 1)
      return
    }
    const request: NewIssueRequest = {
      id: createUuid(),
      category: draft.category,
      description: draft.description,
      lon: draft.location!.lon,
      lat: draft.location!.lat,
      crs: draft.location!.crs,
    }
    await outbox.submit(request, photos)
    setDraft({ category: '', description: '', location: null })
    setOpenCategory('')
    setPhotos([])
    setNotice(navigator.onLine ? t('report.sentNotice') : t('report.queuedNotice'))
  }

  function editFailed(request: NewIssueRequest) {
    setDraft({ category: request.category, description: request.description, location: { lon: request.lon, lat: request.lat, crs: request.crs ?? 'wgs84', source: 'map' } })
    setOpenCategory(getCategoryCode(request.category))
    void outbox.discard(request.id)
    window.scrollTo({ top: 0, behavior: 'smooth' })
  }

  const mine = [...issues.values()].filter((i) => i.reporter === session.user.username).sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))

  return (
    <main className="report-page">
      <ReportHeader user={session.user.displayName} onLogout={logout} online={online} connection={connection} />
      {updateReady && (
        <p className="report-update" role="status" data-testid="report-update">
          {t('report.updateReady')}
        </p>
      )}
      <form ref={form} className="report-form" onSubmit={submit} noValidate data-testid="report-form">
        <section>
          <h2>{t('report.category')}</h2>
          <CategoryPicker
            categories={taxonomy?.categories ?? []}
            open={openCategory}
            onOpen={setOpenCategory}
            value={draft.category}
            onChange={(category) => setDraft((d) => ({ ...d, category }))}
          />
          {errors.category && <p className="report-hint report-hint--error">{errors.category}</p>}
          {/* A closing kind takes its street out of the 15-minute walk while open: the worker is told so. */}
          {draft.category && isClosureKind(draft.category) && (
            <p className="report-hint" data-testid="closure-hint">
              {t('report.closureHint', { m: CLOSURE_METERS })}
            </p>
          )}
        </section>

        <section>
          <h2>
            <label htmlFor="report-description">{t('report.description')}</label>
          </h2>
          <textarea
            id="report-description"
            name="description"
            rows={4}
            maxLength={MAX_DESCRIPTION}
            placeholder={t('report.descriptionPlaceholder')}
            value={draft.description}
            onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
          />
          <p className={errors.description ? 'report-hint report-hint--error' : 'report-hint'}>
            {errors.description ?? t('report.chars', { n: draft.description.length, max: MAX_DESCRIPTION })}
          </p>
        </section>

        <section>
          <h2>{t('report.location')}</h2>
          <LocationPicker value={draft.location} bbox={bbox} area={session.user.area} onChange={(location) => setDraft((d) => ({ ...d, location }))} />
          {errors.location && <p className="report-hint report-hint--error">{errors.location}</p>}
        </section>

        <section>
          <h2>{t('report.photos', { n: photos.length, max: MAX_PHOTOS })}</h2>
          <PhotoStrip photos={photos} max={MAX_PHOTOS} inputRef={fileInput} onAdd={addPhotos} onRemove={(i) => setPhotos(photos.filter((_, j) => j !== i))} />
          {errors.photos && <p className="report-hint report-hint--error">{errors.photos}</p>}
        </section>

        <button type="submit" className="report-button report-button--send" data-testid="send-report">
          {t('report.send')}
        </button>
        {notice && (
          <p className="report-hint" role="status">
            {notice}
          </p>
        )}
      </form>

      <OutboxList queue={outbox.queue} subcategoryName={subcategoryName} onEdit={editFailed} onDiscard={(id) => void outbox.discard(id)} />

      <MyReports issues={mine} taxonomy={taxonomy} subcategoryName={subcategoryName} />
    </main>
  )
}
