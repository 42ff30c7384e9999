// The type a new station gets (on the map or from a suggestion): one of the counted types.
import { getLocalName } from '../../i18n'
import { useAppStore } from '../../store'
import { getNewStationType } from '../../store/plan-slice'

export function StationTypeSelect({ testId }: { testId?: string }) {
  const language = useAppStore((s) => s.language)
  const types = useAppStore((s) => s.facilityTypes)
  const counted = useAppStore((s) => s.planParams.types)
  const chosen = useAppStore((s) => getNewStationType(s)) ?? ''
  const choices = counted.length ? types.filter((x) => counted.includes(x.code)) : types
  return (
    <select value={chosen} data-testid={testId} onChange={(e) => useAppStore.getState().setNewStationType(e.target.value)}>
      {choices.map((x) => (
        <option key={x.code} value={x.code}>
          {getLocalName(x, language)}
        </option>
      ))}
    </select>
  )
}
