// Any path the client doesn't know: say so and offer the way back to the map.
import { useT } from '../i18n'

export function NotFoundView() {
  const t = useT()
  return (
    <main className="not-found">
      <h1>{t('notFound.title')}</h1>
      <a href="/">{t('notFound.back')}</a>
    </main>
  )
}
