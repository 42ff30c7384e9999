// One issue open on the right: what was reported (photos, where — grid, community, street — and
// by whom, phones masked as the role requires), its timeline, and the actions the caller may take
// now, each confirmed with what it needs (and the passage mark: PassageMark.tsx); the issue changes at once and is reconciled by the answer
// and by the event that comes back.
import { useEffect, useState, type FormEvent } from 'react'
import { fetchAssignees, fetchIssueDetail, postTransition } from '../../api/issues'
import { authFetch } from '../../api/session'
import { checkActionInput, getNextStatus, isOpenStatus, ISSUE_ACTION_NAMES, ISSUE_STATUS_NAMES, type IssueAction } from '../../../core/domain/issue-lifecycle'
import { TRIAGE_COLOUR_INFO } from '../../../core/domain/triage'
import type { AssigneesResponse, IssueDetail, TransitionRequest } from '../../../core/wire/issues'
import type { DepartmentOption } from '../../../core/domain/departments'
import { isIssueOverdue } from '../../live/issue-filters'
import { getAreaChain, useAreaIndex } from '../../areas/use-area-names'
import { formatAgo, formatCityTime, getLocalName, getSubcategoryName, getTermName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { useEscape } from '../../components/use-escape'
import { PassageMark } from './PassageMark'
import { ConfirmRow } from '../../components/ConfirmRow'

/** Actions an operator takes from the console (a grid worker's on-site check is made on the phone). */
const CONSOLE_ACTIONS: IssueAction[] = ['accept', 'dispatch', 'escalate', 'resolve', 'reply', 'rate', 'close', 'reject', 'merge']

export function IssuePanel() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const session = useAppStore((s) => s.session)!
  const id = useAppStore((s) => s.selectedIssueId)!
  const issue = useAppStore((s) => s.issues.get(id))
  const pending = useAppStore((s) => s.pending.has(id))
  const areas = useAreaIndex()
  const [detail, setDetail] = useState<IssueDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [action, setAction] = useState<IssueAction | null>(null)
  // Escape closes the action's form if one is open (it registers later, so it is on top), then the panel.
  useEscape(() => useAppStore.getState().selectIssue(null))

  // Fetched again whenever the issue moves on (its seq changes), so the timeline stays current.
  const seq = issue?.seq
  useEffect(() => {
    let live = true
    fetchIssueDetail(session, id).then(
      (d) => live && (setDetail(d), setError(null)),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, seq, session])

  const shown = issue ?? detail?.issue
  if (!shown) {
    return (
      <aside className="console-panel" data-testid="issue-panel">
        <PanelHead title={error ?? t('status.loading')} />
      </aside>
    )
  }
  const place = areas && shown.areaCode ? getAreaChain(areas, shown.areaCode).slice(1) : []
  const allowed = (detail?.allowedActions ?? []).filter((a) => CONSOLE_ACTIONS.includes(a))
  const overdue = isIssueOverdue(shown, Date.now())

  async function act(body: TransitionRequest) {
    const current = useAppStore.getState().issues.get(id)
    const next = current && getNextStatus(current.status, body.action)
    if (current && next) useAppStore.getState().beginAction({ ...current, status: next })
    setAction(null)
    setError(null)
    try {
      const { issue: answered } = await postTransition(session, id, body)
      useAppStore.getState().endAction(id, { issue: answered })
    } catch (err) {
      useAppStore.getState().endAction(id, { refused: true })
      setError((err as Error).message)
    }
  }

  return (
    <aside className="console-panel" data-testid="issue-panel" data-status={shown.status}>
      <PanelHead
        title={
          <>
            <span className="issue-colour" style={{ background: TRIAGE_COLOUR_INFO[shown.colour].hex }} />
            {getSubcategoryName(shown.category, language)}
          </>
        }
      />
      <div className="console-panel__body">
        <div className="issue-head">
          <span className="issue-code">{shown.code}</span>
          <span className="feed-row__status" data-status={shown.status} data-testid="issue-status">
            {getTermName(ISSUE_STATUS_NAMES[shown.status], language)}
            {pending && ` · ${t('console.saving')}`}
          </span>
          {overdue && <span className="badge badge--alert">{t('console.overdueBadge')}</span>}
          {shown.source === 'hotline' && <span className="badge">12345</span>}
          {shown.source === 'open311' && (
            <span className="badge" data-testid="open311-badge" title={t('console.open311Title', { name: shown.reporter })}>
              Open311
            </span>
          )}
          {shown.blocksPassage && isOpenStatus(shown.status) && (
            <span className="badge badge--passage" data-testid="passage-badge">
              {t('console.passage.badge')}
            </span>
          )}
        </div>
        <p className="issue-description">{shown.description}</p>
        {detail && detail.photos.length > 0 && (
          <div className="issue-photos">
            {detail.photos.map((p) => (
              <AuthImage key={p.sha256} url={p.url} alt={t('console.photo')} />
            ))}
          </div>
        )}
        <dl className="issue-facts">
          <dt>{t('console.place')}</dt>
          <dd data-testid="issue-place">
            {place.length ? place.map((a) => getLocalName(a, language)).join(' › ') : shown.outOfArea ? t('report.outOfArea') : '–'}
            {shown.address && <span className="muted small"> · {shown.address}</span>}
          </dd>
          <dt>{t('console.reporter')}</dt>
          <dd>
            {shown.source === 'field' ? `${shown.reporter} ${detail?.reporterPhone ?? ''}` : `${detail?.callerName ?? '–'} ${detail?.callerPhone ?? ''} ${detail?.callerEmail ?? ''}`.trimEnd()}
            {shown.source === 'open311' && <span className="muted small"> · {t('console.open311Via', { name: shown.reporter })}</span>}
          </dd>
          {detail?.mediaUrl && (
            <>
              <dt>{t('console.mediaUrl')}</dt>
              <dd className="issue-media-url">{detail.mediaUrl}</dd>
            </>
          )}
          <dt>{t('console.reportedAt')}</dt>
          <dd>
            {formatCityTime(shown.reportedAt, language)} · {formatAgo(Date.now(), shown.reportedAt, language)}
          </dd>
          {shown.dueAt && (
            <>
              <dt>{t('console.dueAt')}</dt>
              <dd className={overdue ? 'is-bad' : ''}>{formatCityTime(shown.dueAt, language)}</dd>
            </>
          )}
          {(shown.assignee || shown.department) && (
            <>
              <dt>{t('console.handler')}</dt>
              <dd>{[shown.assignee, shown.department].filter(Boolean).join(' · ')}</dd>
            </>
          )}
        </dl>
        {error && (
          <p className="form-error" role="alert" data-testid="action-error">
            {error}
          </p>
        )}
        {allowed.length > 0 && !action && (
          <div className="issue-actions" data-testid="issue-actions">
            {allowed.map((a) => (
              <button key={a} type="button" className={a === 'reject' ? 'button button--danger' : 'button'} data-action={a} disabled={pending} onClick={() => setAction(a)}>
                {getTermName(ISSUE_ACTION_NAMES[a], language)}
              </button>
            ))}
          </div>
        )}
        {!action && <PassageMark issue={shown} pending={pending} onError={setError} />}
        {action && <ActionForm issueId={id} action={action} onCancel={() => setAction(null)} onConfirm={act} possibleDuplicateOf={shown.possibleDuplicateOf} />}
        <h3 className="plan-subtitle">{t('console.timeline')}</h3>
        <ol className="timeline" data-testid="timeline">
          {(detail?.events ?? []).map((e) => {
            // Each event named by what was done (past tense), and the status it led to when that says more.
            const what = e.type === 'passage' ? t(e.data.blocksPassage ? 'console.event.passage' : 'console.event.passageOff') : t(`console.event.${e.type}`)
            // A passage mark keeps the status: nothing to add.
            const status = e.type === 'passage' ? what : getTermName(ISSUE_STATUS_NAMES[e.toStatus], language)
            return (
              <li key={e.seq}>
                <span className="timeline__what">
                  {what}
                  {status !== what && <span className="muted small"> → {status}</span>}
                </span>
                <span className="muted small">
                  {e.actor} · {formatCityTime(e.at, language)}
                </span>
                {e.note && <span className="timeline__note">{e.note}</span>}
              </li>
            )
          })}
        </ol>
      </div>
    </aside>
  )
}

function PanelHead({ title }: { title: React.ReactNode }) {
  const t = useT()
  return (
    <div className="console-panel__head">
      <h2>{title}</h2>
      <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={() => useAppStore.getState().selectIssue(null)} data-testid="close-issue">
        ×
      </button>
    </div>
  )
}


/** What an action needs before it is sent: a note, a handler, a department, a rating, a duplicate. */
function ActionForm({ issueId, action, onCancel, onConfirm, possibleDuplicateOf }: { issueId: string; action: IssueAction; onCancel(): void; onConfirm(body: TransitionRequest): void; possibleDuplicateOf: string | null }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const [note, setNote] = useState('')
  const [assignee, setAssignee] = useState('')
  const [department, setDepartment] = useState('')
  // Who may take it (their role handles issues and their area holds this one), the most local
  // first, and the departments, those answering for its category first: lists to pick from, not
  // names to type (issue 16).
  const [assignees, setAssignees] = useState<AssigneesResponse['assignees']>([])
  const [departments, setDepartments] = useState<DepartmentOption[]>([])
  useEffect(() => {
    const session = useAppStore.getState().session
    if ((action !== 'dispatch' && action !== 'escalate') || !session) return
    let live = true
    fetchAssignees(session, issueId).then(
      (r) => {
        if (!live) return
        const offered = r.departments ?? []
        setAssignees(r.assignees)
        setDepartments(offered)
        if (action === 'dispatch') setAssignee((current) => current || (r.assignees[0]?.username ?? ''))
        // An escalation needs a department: the competent one to start with.
        if (action === 'escalate') setDepartment((current) => current || (offered[0]?.name ?? ''))
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [action, issueId])
  const [rating, setRating] = useState(5)
  const [duplicateOf, setDuplicateOf] = useState(possibleDuplicateOf ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  useEscape(onCancel)
  const body: TransitionRequest = {
    action,
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(action === 'dispatch' && assignee.trim() ? { assignee: assignee.trim() } : {}),
    ...((action === 'dispatch' || action === 'escalate') && department.trim() ? { department: department.trim() } : {}),
    ...(action === 'rate' ? { rating } : {}),
    ...(action === 'merge' && duplicateOf.trim() ? { duplicateOf: duplicateOf.trim() } : {}),
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const missing = checkActionInput(action, body)
    if (missing) return setProblem(`${missing.field}: ${missing.message}`)
    onConfirm(body)
  }
  const name = getTermName(ISSUE_ACTION_NAMES[action], language)
  return (
    <form className="action-form" onSubmit={submit} data-testid="action-form" data-action={action}>
      <strong>{t('console.confirmAction', { action: name })}</strong>
      {action === 'dispatch' && (
        <label className="field">
          <span>{t('console.assignee')}</span>
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="action-assignee">
            <option value="">{t('console.chooseAssignee')}</option>
            {assignees.map((a) => (
              <option key={a.username} value={a.username}>
                {a.displayName} · {a.username}
              </option>
            ))}
          </select>
        </label>
      )}
      {(action === 'dispatch' || action === 'escalate') && (
        <label className="field">
          <span>{t('console.department')}</span>
          <select value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="action-department">
            {action === 'dispatch' && <option value="">{t('console.chooseDepartment')}</option>}
            {departments.map((d) => (
              <option key={d.name} value={d.name}>
                {language === 'en' ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'rate' && (
        <label className="field">
          <span>{t('console.rating')}</span>
          <select value={rating} onChange={(e) => setRating(Number(e.target.value))}>
            {[5, 4, 3, 2, 1].map((r) => (
              <option key={r} value={r}>
                {'★'.repeat(r)}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'merge' && (
        <label className="field">
          <span>{t('console.duplicateOf')}</span>
          <input value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} placeholder="uuid" />
        </label>
      )}
      <label className="field">
        <span>{action === 'reject' ? t('console.reason') : t('console.note')}</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="action-note" />
      </label>
      {problem && <p className="form-error">{problem}</p>}
      <ConfirmRow testId="confirm-action" onCancel={onCancel} />
    </form>
  )
}

/** A photo fetched with the session's token (an <img src> cannot send it). */
function AuthImage({ url, alt }: { url: string; alt: string }) {
  const session = useAppStore((s) => s.session)
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    if (!session) return
    let objectUrl: string | null = null
    let live = true
    authFetch(session, url)
      .then((r) => r.blob())
      .then((b) => {
        if (!live) return
        objectUrl = URL.createObjectURL(b)
        setSrc(objectUrl)
      }, () => undefined)
    return () => {
      live = false
      if (objectUrl) URL.revokeObjectURL(objectUrl)
    }
  }, [url, session])
  return src ? <img className="issue-photo" src={src} alt={alt} /> : <span className="issue-photo issue-photo--loading" />
}
