// Layer switches remembered per user, not only per browser: a shared command-centre PC keeps each
// operator's own map. Stored under `gridpulse.layers.<username>`; a user seen for the first time
// starts from what this browser had.
import { useEffect } from 'react'
import { LAYER_KEYS, useAppStore } from '../../store'

const keyOf = (username: string) => `gridpulse.layers.${username}`

export function useUserLayers(): void {
  const username = useAppStore((s) => s.session?.user.username ?? null)
  useEffect(() => {
    if (!username) return
    try {
      const stored = JSON.parse(localStorage.getItem(keyOf(username)) ?? 'null') as { layers?: Record<string, unknown>; hidden?: unknown } | null
      if (stored) {
        const { layers, setLayerVisible } = useAppStore.getState()
        for (const key of LAYER_KEYS) if (typeof stored.layers?.[key] === 'boolean' && stored.layers[key] !== layers[key]) setLayerVisible(key, stored.layers[key] as boolean)
        if (Array.isArray(stored.hidden)) useAppStore.setState({ hiddenFacilityTypes: stored.hidden.filter((c): c is string => typeof c === 'string') })
      }
    } catch {
      // An unreadable entry is replaced below.
    }
    const save = () => {
      const { layers, hiddenFacilityTypes } = useAppStore.getState()
      localStorage.setItem(keyOf(username), JSON.stringify({ layers, hidden: hiddenFacilityTypes }))
    }
    save()
    return useAppStore.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.hiddenFacilityTypes !== prev.hiddenFacilityTypes) save()
    })
  }, [username])
}
