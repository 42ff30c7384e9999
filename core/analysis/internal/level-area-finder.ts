// The area of a level that a demand point counts in: the one of that level above (or at) the point's
// lowest area, found by walking up the areas' parent codes, memoised by code.
import type { CoverageAreaInput } from '../compute-coverage.js'

/**
 * A finder of the `level` area above each area code of `areas`.
 *
 * @example
 * const gridOf = createLevelAreaFinder(areas.features.map((f) => f.properties), 'grid')
 * gridOf('520602001001001') // the grid's code, or null when no area of that level lies above
 */
export function createLevelAreaFinder(areas: readonly Pick<CoverageAreaInput, 'code' | 'level' | 'parent_code'>[], level: string): (code: string | null) => string | null {
  const byCode = new Map(areas.map((a) => [a.code, a]))
  const found = new Map<string, string | null>()
  return (code) => {
    if (code === null) return null
    let answer = found.get(code)
    if (answer !== undefined) return answer
    answer = null
    for (let at = byCode.get(code); at; at = at.parent_code ? byCode.get(at.parent_code) : undefined) {
      if (at.level === level) {
        answer = at.code
        break
      }
    }
    found.set(code, answer)
    return answer
  }
}
