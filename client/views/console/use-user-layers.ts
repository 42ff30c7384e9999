// Layer switches remembered per user, not only per browser: a shared command-centre PC keeps each
// operator's own map (stored.ts: one entry per user); a user seen for the first time starts from
// what this browser had.
import { useEffect } from 'react'
import { LAYER_KEYS, useAppStore } from '../../store'
import { readStored, STORED_KEYS, writeStored } from '../../stored'

export function useUserLayers(): void {
  const username = useAppStore((s) => s.session?.user.username ?? null)
  useEffect(() => {
    if (!username) return
    const key = STORED_KEYS.userLayers(username)
    // An unreadable entry reads as none, and is replaced below.
    const stored = readStored(key, (v) => (v && typeof v === 'object' ? (v as { layers?: Record<string, unknown>; hidden?: unknown }) : null))
    if (stored) {
      const { layers, setLayerVisible } = useAppStore.getState()
      for (const k of LAYER_KEYS) if (typeof stored.layers?.[k] === 'boolean' && stored.layers[k] !== layers[k]) setLayerVisible(k, stored.layers[k] as boolean)
      if (Array.isArray(stored.hidden)) useAppStore.setState({ hiddenFacilityTypes: stored.hidden.filter((c): c is string => typeof c === 'string') })
    }
    const save = () => {
      const { layers, hiddenFacilityTypes } = useAppStore.getState()
      writeStored(key, { layers, hidden: hiddenFacilityTypes })
    }
    save()
    return useAppStore.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.hiddenFacilityTypes !== prev.hiddenFacilityTypes) save()
    })
  }, [username])
}
