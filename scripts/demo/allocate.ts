// How the generator shares out and adds up whole numbers: communities among streets and grids
// among communities by population (within bounds), residents among buildings to a district total,
// households from residents, and the totals of each level as sums of the level below.
// The rules the published figures depend on, so they are tested alone (tests/scripts/demo-rules.test.ts).

/** Splits `total` in proportion to weights (largest remainder), within per-item bounds. */
export function allocate(total: number, weights: number[], min: number[], max: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const out = weights.map((w, i) => Math.min(max[i], Math.max(min[i], Math.floor((total * w) / sum))))
  let left = total - out.reduce((a, b) => a + b, 0)
  for (let guard = 0; left !== 0 && guard < 100_000; guard++) {
    // give to (or take from) the item whose share per unit is furthest from fair
    let best = -1
    let bestScore = -Infinity
    weights.forEach((w, i) => {
      const can = left > 0 ? out[i] < max[i] : out[i] > min[i]
      if (!can) return
      const score = left > 0 ? w / (out[i] + 1) : -w / out[i]
      if (score > bestScore) [best, bestScore] = [i, score]
    })
    if (best < 0) break
    out[best] += left > 0 ? 1 : -1
    left += left > 0 ? -1 : 1
  }
  return out
}

/**
 * Residents per building: each weight scaled so the whole comes to `total`, rounded, at least
 * `min` people in any building (so the sum lands within a rounding of the total, a little over
 * where the minimum lifts small buildings).
 */
export function scalePopulation(weights: ArrayLike<number>, total: number, min = 2): Int32Array {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += weights[i]
  const k = total / sum
  const out = new Int32Array(weights.length)
  for (let i = 0; i < weights.length; i++) out[i] = Math.max(min, Math.round(weights[i] * k))
  return out
}

/** Households in a building of `population` residents (2.6 people a household, at least one). */
export const householdsOf = (population: number) => Math.max(1, Math.round(population / 2.6))

/**
 * Sums `valueOf(i)` for i < n into `count` bins by `keyOf(i)`; a key below 0 (outside every bin)
 * is left out. Grids are sums of their points, communities of their grids, and so on up.
 */
export function sumBy(n: number, keyOf: (i: number) => number, count: number, valueOf: (i: number) => number): number[] {
  const out = new Array<number>(count).fill(0)
  for (let i = 0; i < n; i++) {
    const k = keyOf(i)
    if (k >= 0) out[k] += valueOf(i)
  }
  return out
}
