// Recording a 12345 hotline call as a new issue: the place (a click on the map, or an area named by
// the caller), the category, what was said, the caller's contact; sent once (the id is chosen
// here, so sending again creates nothing) and shown on the map by the event that comes back.
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { fetchAreas } from '../../api/read-api'
import { postIssue } from '../../api/issues'
import { ISSUE_CATEGORIES } from '../../../core/domain/issue-taxonomy'
import { newIssueRequestSchema } from '../../../core/wire/issue-requests'
import type { NewIssueRequest } from '../../../core/wire/issues'
import { getLocalName, getTermName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { useEscape } from '../../components/use-escape'

export function HotlineDialog({ onClose }: { onClose(): void }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const session = useAppStore((s) => s.session)!
  const picked = useAppStore((s) => s.pickedPlace)
  const picking = useAppStore((s) => s.pickingPlace)
  const [id] = useState(() => crypto.randomUUID())
  const [category, setCategory] = useState('')
  const [description, setDescription] = useState('')
  const [callerName, setCallerName] = useState('')
  const [callerPhone, setCallerPhone] = useState('')
  const [address, setAddress] = useState('')
  const [areaName, setAreaName] = useState('')
  const [labels, setLabels] = useState<{ code: string; name: string; name_en: string | null; level: string; lonlat: [number, number] }[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const en = language === 'en'
  // Escape first stops picking a place on the map, then closes the form.
  useEscape(() => (useAppStore.getState().pickingPlace ? useAppStore.getState().setPicking(false) : onClose()))

  useEffect(() => {
    useAppStore.getState().setPickedPlace(null)
    fetchAreas({ geometry: 'label' }).then(
      (c) => setLabels(c.features.map((f) => ({ code: f.properties.code, name: f.properties.name, name_en: f.properties.name_en, level: f.properties.level, lonlat: f.geometry.coordinates as [number, number] }))),
      () => undefined,
    )
    return () => useAppStore.getState().setPicking(false)
  }, [])
  const namedArea = useMemo(() => labels.find((l) => areaName && (l.name === areaName || l.name_en === areaName)), [labels, areaName])
  const place = picked ?? namedArea?.lonlat ?? null

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!place) return setProblem(t('console.needPlace'))
    const body: NewIssueRequest = {
      id,
      category,
      description: description.trim(),
      lon: place[0],
      lat: place[1],
      source: 'hotline',
      ...(callerName.trim() ? { callerName: callerName.trim() } : {}),
      ...(callerPhone.trim() ? { callerPhone: callerPhone.trim() } : {}),
      ...(address.trim() || namedArea ? { address: address.trim() || getLocalName(namedArea!, language) } : {}),
    }
    const checked = newIssueRequestSchema.safeParse(body)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      return setProblem(`${issue.path.join('.')}: ${issue.message}`)
    }
    setBusy(true)
    setProblem(null)
    try {
      const { issue } = await postIssue(session, checked.data as NewIssueRequest, [])
      useAppStore.getState().applyIssue(issue, issue.seq, false)
      useAppStore.getState().selectIssue(issue.id)
      onClose()
    } catch (err) {
      setProblem((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className={picking ? 'dialog-backdrop is-picking' : 'dialog-backdrop'} role="presentation">
      <form className="dialog hotline-dialog" role="dialog" aria-modal="true" aria-label={t('console.hotlineTitle')} onSubmit={submit} data-testid="hotline-dialog">
        <div className="dialog__head">
          <h2>{t('console.hotlineTitle')}</h2>
          <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <fieldset className="field-group">
          <legend>{t('console.place')}</legend>
          <div className="button-row">
            <button type="button" className={picking ? 'button is-active' : 'button'} onClick={() => useAppStore.getState().setPicking(!picking)} data-testid="pick-place">
              {picking ? t('console.pickingPlace') : t('console.pickPlace')}
            </button>
            <input list="hotline-areas" value={areaName} onChange={(e) => (setAreaName(e.target.value), useAppStore.getState().setPickedPlace(null))} placeholder={t('console.orAreaName')} data-testid="hotline-area" />
            <datalist id="hotline-areas">
              {labels.filter((l) => l.level !== 'district').map((l) => (
                <option key={l.code} value={en && l.name_en ? l.name_en : l.name} />
              ))}
            </datalist>
          </div>
          <p className="small muted" data-testid="hotline-place">
            {place ? `${place[0].toFixed(5)}, ${place[1].toFixed(5)}${namedArea && !picked ? ` · ${getLocalName(namedArea, language)}` : ''}` : t('console.noPlace')}
          </p>
        </fieldset>
        <label className="field">
          <span>{t('report.category')}</span>
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="hotline-category" required>
            <option value="">{t('report.needCategory')}</option>
            {ISSUE_CATEGORIES.map((c) => (
              <optgroup key={c.code} label={getTermName(c, language)}>
                {c.subcategories.map((s) => (
                  <option key={s.code} value={s.code}>
                    {getTermName(s, language)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('report.description')}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={2000} required data-testid="hotline-description" />
        </label>
        <label className="field">
          <span>{t('console.address')}</span>
          <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
        </label>
        <div className="field-pair">
          <label className="field">
            <span>{t('console.callerName')}</span>
            <input value={callerName} onChange={(e) => setCallerName(e.target.value)} maxLength={50} data-testid="hotline-caller" />
          </label>
          <label className="field">
            <span>{t('console.callerPhone')}</span>
            <input value={callerPhone} onChange={(e) => setCallerPhone(e.target.value)} inputMode="tel" data-testid="hotline-phone" />
          </label>
        </div>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="hotline-submit">
            {t('console.record')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('console.cancel')}
          </button>
        </div>
      </form>
    </div>
  )
}
