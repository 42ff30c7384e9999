// The GridPulse mark, name and the page's subtitle, at the top left of every map page.
import { useT } from '../i18n'

export function Brand({ subtitle }: { subtitle: string }) {
  const t = useT()
  return (
    <div className="header-card__brand">
      <span className="brand-mark" aria-hidden="true" />
      <span className="brand-name">{t('app.name')}</span>
      <span className="brand-sub" title={subtitle}>
        {subtitle}
      </span>
    </div>
  )
}
