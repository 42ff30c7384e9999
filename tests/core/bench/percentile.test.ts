// The benchmarks' percentile is the nearest rank: the smallest value with at least p % of the values
// at or below it (the p95 of 20 runs is the 19th, not their maximum).
import { describe, expect, it } from 'vitest'
import { percentile } from '../../../scripts/bench/lib.js'

describe('percentile (nearest rank)', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => 20 - i) // 20 … 1, unsorted on purpose

  it('takes the smallest value with at least p % at or below it', () => {
    expect(percentile(twenty, 95)).toBe(19)
    expect(percentile(twenty, 50)).toBe(10)
    expect(percentile(twenty, 100)).toBe(20)
    expect(percentile(twenty, 0)).toBe(1)
    expect(percentile(twenty, 96)).toBe(20)
    expect(percentile([5, 1, 3], 50)).toBe(3)
    expect(percentile(Array.from({ length: 1000 }, (_, i) => i + 1), 99)).toBe(990)
    // (7 / 100) × 100 is 7.000000000000001 in floating point: still the 7th.
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 7)).toBe(7)
  })

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN()
  })
})
