// The console's live closures, above the feed: what the open closures (道路施工围挡, 道路塌陷,
// 道路积水) cost residents' 15-minute walk to a service point, as the server measures it at each
// change, and each closure as a row that opens its issue.
import { ClosuresCard } from '../../components/ClosuresCard'
import { useAppStore } from '../../store'

export function ConsoleClosures() {
  const figures = useAppStore((s) => s.closures)
  const selectIssue = useAppStore((s) => s.selectIssue)
  if (!figures?.closures.length) return null
  return (
    <ClosuresCard
      testId="console-closures"
      closures={figures.closures.map((c) => ({ id: c.id, code: c.code, subcategory: c.subcategory, population: c.alone?.population ?? null }))}
      population={figures.total?.population ?? null}
      grids={(figures.total?.grids ?? []).map((g) => ({ code: g.code, name: g.name, name_en: g.nameEn, population: g.population }))}
      minutes={figures.parameters?.minutes ?? 15}
      onPick={selectIssue}
    />
  )
}
