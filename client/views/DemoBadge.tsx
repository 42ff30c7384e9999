// Says plainly, on every page, that the data is the synthetic demo (and that it moves by itself
// when the living demo's activity runs), so nobody takes a demo figure for a real one.
import { useEffect, useState } from 'react'
import { fetchServerConfig } from '../api/read-api'
import { useT } from '../i18n'

export function DemoBadge() {
  const t = useT()
  const [demo, setDemo] = useState<{ synthetic: boolean; activity: boolean } | null>(null)
  useEffect(() => {
    const abort = new AbortController()
    fetchServerConfig(abort.signal)
      .then((c) => setDemo(c.demo ?? null))
      .catch(() => {})
    return () => abort.abort()
  }, [])
  if (!demo?.synthetic) return null
  return (
    <div className="demo-badge" role="note" data-testid="demo-badge" title={t('demo.badge.title')}>
      {t('status.demoData')}
      {demo.activity ? <span className="demo-badge-live"> · {t('demo.badge.live')}</span> : null}
    </div>
  )
}
