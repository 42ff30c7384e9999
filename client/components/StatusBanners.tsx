// The page-wide "loading" line and the error banner with a retry (a reload), shared by the views.
import { useT } from '../i18n'

export function LoadingBanner({ text }: { text: string }) {
  return (
    <div className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {text}
    </div>
  )
}

export function ErrorBanner({ message }: { message: string }) {
  const t = useT()
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span>{t('status.error', { message })}</span>
      <button type="button" className="button" onClick={() => location.reload()}>
        {t('status.retry')}
      </button>
    </div>
  )
}
