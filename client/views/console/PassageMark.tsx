// The issue panel's passage mark (core/domain/passage-closures.ts): an issue of a closing kind says
// that it blocks passage by its kind; any other open issue can be marked as blocking passage by
// those who may (or the mark taken off), with an optional note, confirmed first. The issue changes
// at once and is reconciled by the answer and by the event that comes back; the closures card and
// the map follow from the `closures` event the mark sets off.
import { useState, type FormEvent } from 'react'
import { postPassageMark } from '../../api/issues'
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { CLOSURE_METERS, isClosureKind, PASSAGE_MARKERS } from '../../../core/domain/passage-closures'
import type { IssueSummary } from '../../../core/wire/issues'
import { useT } from '../../i18n'
import { useAppStore } from '../../store'
import { useEscape } from '../../components/use-escape'
import { ConfirmRow } from '../../components/ConfirmRow'

export function PassageMark({ issue, pending, onError }: { issue: IssueSummary; pending: boolean; onError(message: string | null): void }) {
  const t = useT()
  const session = useAppStore((s) => s.session)!
  const [confirming, setConfirming] = useState(false)
  if (!isOpenStatus(issue.status)) return null
  if (isClosureKind(issue.category)) {
    return (
      <p className="passage-mark muted small" data-testid="passage-by-kind">
        <span className="badge badge--passage">{t('console.passage.badge')}</span> {t('console.passage.byKind', { m: CLOSURE_METERS })}
      </p>
    )
  }
  const role = session.user.role
  if (role === 'wall' || !PASSAGE_MARKERS.includes(role)) return null
  const blocks = !issue.blocksPassage

  async function send(note: string) {
    const current = useAppStore.getState().issues.get(issue.id)
    if (current) {
      const { blocksPassage: _mark, ...rest } = current
      useAppStore.getState().beginAction(blocks ? { ...rest, blocksPassage: true } : rest)
    }
    setConfirming(false)
    onError(null)
    try {
      const { issue: answered } = await postPassageMark(session, issue.id, { blocksPassage: blocks, ...(note ? { note } : {}) })
      useAppStore.getState().endAction(issue.id, { issue: answered })
    } catch (err) {
      useAppStore.getState().endAction(issue.id, { refused: true })
      onError((err as Error).message)
    }
  }

  if (confirming) return <PassageForm blocks={blocks} onCancel={() => setConfirming(false)} onConfirm={send} />
  return (
    <div className="issue-actions">
      <button
        type="button"
        className={blocks ? 'button' : 'button button--passage'}
        data-testid="passage-toggle"
        data-blocks={issue.blocksPassage ? 'true' : 'false'}
        disabled={pending}
        onClick={() => setConfirming(true)}
      >
        {t(blocks ? 'console.passage.mark' : 'console.passage.unmark')}
      </button>
    </div>
  )
}

function PassageForm({ blocks, onCancel, onConfirm }: { blocks: boolean; onCancel(): void; onConfirm(note: string): void }) {
  const t = useT()
  const [note, setNote] = useState('')
  useEscape(onCancel)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm(note.trim())
  }
  const name = t(blocks ? 'console.passage.mark' : 'console.passage.unmark')
  return (
    <form className="action-form" onSubmit={submit} data-testid="passage-form">
      <strong>{t('console.confirmAction', { action: name })}</strong>
      <span className="muted small">{blocks ? t('console.passage.markHint', { m: CLOSURE_METERS }) : t('console.passage.unmarkHint')}</span>
      <label className="field">
        <span>{t('console.passage.note')}</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="passage-note" />
      </label>
      <ConfirmRow testId="confirm-passage" onCancel={onCancel} />
    </form>
  )
}
