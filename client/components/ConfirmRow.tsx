// A form's confirm and cancel buttons (the issue panel's action and passage forms).
import { useT } from '../i18n'

export function ConfirmRow({ testId, onCancel }: { testId: string; onCancel(): void }) {
  const t = useT()
  return (
    <div className="button-row">
      <button type="submit" className="button button--primary" data-testid={testId}>
        {t('console.confirm')}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t('console.cancel')}
      </button>
    </div>
  )
}
