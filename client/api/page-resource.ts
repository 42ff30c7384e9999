// Data a page fetches once and shares (area names, label points, roads): one request however many
// components ask, a failed one tried again on the next ask, and a hook that gives null until it comes.
import { useEffect, useState } from 'react'

export interface PageResource<T> {
  /** The data, fetched on the first call; a failed fetch is tried again on the next call. */
  load(): Promise<T>
  /** The data in a component, or null until (or unless) it arrives. */
  use(): T | null
}

export function createPageResource<T>(fetch: () => Promise<T>): PageResource<T> {
  let loading: Promise<T> | null = null
  const load = () => {
    if (!loading) {
      loading = fetch()
      loading.catch(() => (loading = null))
    }
    return loading
  }
  const use = (): T | null => {
    const [value, setValue] = useState<T | null>(null)
    useEffect(() => {
      let live = true
      load().then(
        (v) => live && setValue(() => v),
        () => undefined,
      )
      return () => {
        live = false
      }
    }, [])
    return value
  }
  return { load, use }
}
