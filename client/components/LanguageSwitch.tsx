// 中文 / EN: switches every UI string and every map label.
import { useT } from '../i18n'
import { LANGUAGES, type Language } from '../i18n/messages'
import { useAppStore } from '../store'

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'EN' }

export function LanguageSwitch() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const setLanguage = useAppStore((s) => s.setLanguage)
  return (
    <div className="segmented" role="group" aria-label={t('language.label')} data-testid="language-switch">
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={l === language ? 'segmented__item is-active' : 'segmented__item'}
          aria-pressed={l === language}
          data-language={l}
          onClick={() => setLanguage(l)}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  )
}
