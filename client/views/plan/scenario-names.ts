// A scenario's name in the page's language. Names the page makes up ("方案 2", "建议选址 5 处（方案 2）",
// "… (copy)") are stored as the words of the language they were made in; shown in the other
// language they are read back against the templates of both languages and said again in the
// current one. A name the planner typed matches no template and is shown as typed.
import { MESSAGES, type Language, type MessageKey } from '../../i18n/messages'
import { translate } from '../../i18n'

/** The templates a generated name comes from; the copy template wraps another name. */
const GENERATED: MessageKey[] = ['plan.suggest.scenarioName', 'plan.scenario.defaultName']
const COPY: MessageKey = 'plan.scenario.copyName'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A template as a regular expression: `{k}` and `{n}` become number groups, `{name}` any text. */
function toPattern(template: string): { re: RegExp; vars: string[] } {
  const vars: string[] = []
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part)
      if (!m) return escape(part)
      vars.push(m[1])
      return m[1] === 'name' ? '(.+)' : '(\\d+)'
    })
    .join('')
  return { re: new RegExp(`^${source}$`), vars }
}

const PATTERNS = Object.values(MESSAGES).flatMap((messages) =>
  [...GENERATED, COPY].map((key) => ({ key, ...toPattern(messages[key]) })),
)

/** The name as it reads in `language`; names typed by the planner stay as they are. */
export function getScenarioDisplayName(name: string, language: Language, depth = 0): string {
  if (depth > 8) return name
  for (const p of PATTERNS) {
    const m = p.re.exec(name)
    if (!m) continue
    const vars: Record<string, string> = {}
    p.vars.forEach((v, i) => (vars[v] = m[i + 1]))
    if (p.key === COPY) vars.name = getScenarioDisplayName(vars.name, language, depth + 1)
    return translate(language, p.key, vars)
  }
  return name
}
