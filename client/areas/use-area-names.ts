// Names, levels and parents of every area (GET /api/areas?geometry=none), fetched once per page:
// for the breadcrumb, the figures per street and an issue's place; and one area's detail.
import { useEffect, useState } from 'react'
import { fetchArea, fetchAreas } from '../api/read-api'
import { createPageResource } from '../api/page-resource'
import type { AreaDetailFeature, AreaProps } from '../../core/wire/read-api'

export type AreaIndex = Map<string, AreaProps & { id: number }>

const areaIndex = createPageResource<AreaIndex>(() =>
  fetchAreas({ geometry: 'none' }).then((c): AreaIndex => new Map(c.features.map((f) => [f.properties.code, { ...f.properties, id: f.id as number }]))),
)

/** The index, fetched once per page (a failed fetch is tried again on the next call). */
export const loadAreaIndex = areaIndex.load

export const useAreaIndex = areaIndex.use

/** The chain from the district down to the area (its breadcrumb). */
export function getAreaChain(index: AreaIndex, code: string | null): (AreaProps & { id: number })[] {
  const chain: (AreaProps & { id: number })[] = []
  for (let at = code ? index.get(code) : undefined; at; at = at.parent_code ? index.get(at.parent_code) : undefined) chain.unshift(at)
  return chain
}

const DETAIL_RETRY_MS = 5_000

/** The area's outline and figures (bbox, population), fetched again until it arrives. */
export function useAreaDetail(code: string | null): AreaDetailFeature | null {
  const [detail, setDetail] = useState<AreaDetailFeature | null>(null)
  useEffect(() => {
    if (!code) return
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const attempt = () =>
      fetchArea(code).then(
        (d) => live && setDetail(d),
        () => live && (timer = setTimeout(attempt, DETAIL_RETRY_MS)),
      )
    void attempt()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [code])
  return detail?.properties.code === code ? detail : null
}

