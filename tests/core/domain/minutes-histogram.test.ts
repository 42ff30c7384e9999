// The histogram the figures' medians come from: every duration lands in a bucket whose centre is
// within 1 % of it (or a second), and the median of merged histograms is within 1 % of the exact one.
import { describe, expect, it } from 'vitest'
import { addToHistogram, BucketTotals, getBucketMinutes, getHistogramMedian, getMinutesBucket, toBucketList, type MinutesHistogram } from '../../../core/domain/minutes-histogram.js'
import { createMulberry32 } from '../../../core/random.js'

const exactMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The rule as it stood over a Map until stop 40 (BucketTotals.median must give the same). */
const mapMedian = (h: MinutesHistogram): number | null => {
  let count = 0
  for (const n of h.values()) count += n
  if (count <= 0) return null
  const buckets = [...h.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b)
  const valueAt = (rank: number) => {
    let seen = 0
    for (const [bucket, n] of buckets) {
      seen += n
      if (rank < seen) return getBucketMinutes(bucket)
    }
    return getBucketMinutes(buckets[buckets.length - 1][0])
  }
  const middle = Math.floor(count / 2)
  return count % 2 ? valueAt(middle) : (valueAt(middle - 1) + valueAt(middle)) / 2
}

describe('minutes histogram', () => {
  it('reads every duration from one second to a year back within 1 % (or a second)', () => {
    const rng = createMulberry32(7)
    for (let k = 0; k < 20_000; k++) {
      const minutes = Math.exp(rng() * Math.log(525_600 * 60)) / 60
      const read = getBucketMinutes(getMinutesBucket(minutes))
      expect(Math.abs(read - minutes), `${minutes}`).toBeLessThanOrEqual(Math.max(0.01 * minutes, 1 / 60))
    }
    expect(getMinutesBucket(525_600)).toBeLessThan(875)
    expect(getMinutesBucket(0)).toBe(0)
    expect(getMinutesBucket(-3)).toBe(0)
  })

  it('gives the median of merged days within 1 % of the exact median, odd and even counts', () => {
    const rng = createMulberry32(11)
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const xs = Array.from({ length: n }, () => Math.exp(2 + 4 * rng()))
      // Two "days" merged by addition, in any order.
      const a: MinutesHistogram = new Map()
      const b: MinutesHistogram = new Map()
      xs.forEach((x, k) => addToHistogram(k % 2 ? a : b, getMinutesBucket(x)))
      const merged: MinutesHistogram = new Map(a)
      for (const [bucket, c] of b) addToHistogram(merged, bucket, c)
      const exact = exactMedian(xs)
      expect(Math.abs(getHistogramMedian(merged)! - exact), `n=${n}`).toBeLessThanOrEqual(0.01 * exact)
    }
    expect(getHistogramMedian(new Map())).toBeNull()
  })

  it('drops a bucket whose additions and removals cancel out', () => {
    const h: MinutesHistogram = new Map()
    addToHistogram(h, 5, 2)
    addToHistogram(h, 5, -2)
    expect(h.size).toBe(0)
  })

  it('sums stored lists from their text form to the median a Map of the same buckets gives', () => {
    const rng = createMulberry32(13)
    const merged: MinutesHistogram = new Map()
    const totals = new BucketTotals()
    for (let day = 0; day < 30; day++) {
      const h: MinutesHistogram = new Map()
      for (let k = 0; k < 50; k++) addToHistogram(h, getMinutesBucket(Math.exp(8 * rng())))
      // A bucket past the typed array's first 1,024 (a duration of ~10 years) makes it grow.
      if (day === 7) addToHistogram(h, 1500, 3)
      for (const [b, n] of h) addToHistogram(merged, b, n)
      totals.addStoredText(`{${toBucketList(h).join(',')}}`)
    }
    expect(totals.median()).toBe(mapMedian(merged))
    expect(totals.isEmpty).toBe(false)
  })

  it('gives the median the rule over a Map gave, for odd, even, zero and negative totals', () => {
    const rng = createMulberry32(17)
    for (let k = 0; k < 2_000; k++) {
      const h: MinutesHistogram = new Map()
      const totals = new BucketTotals()
      for (let j = Math.floor(rng() * 12); j > 0; j--) {
        // Buckets past the typed array's first 1,024 too, and counts that take some away.
        const bucket = Math.floor(rng() * (rng() < 0.1 ? 1_500 : 400))
        const n = Math.floor(rng() * 7) - 2
        addToHistogram(h, bucket, n)
        totals.add(bucket, n)
      }
      expect(totals.median(), JSON.stringify([...h])).toBe(mapMedian(h))
      expect(getHistogramMedian(h)).toBe(mapMedian(h))
    }
    const h = new Map([[5, 3], [7, -1]])
    const totals = new BucketTotals()
    totals.addStoredText('{5,3,7,-1}')
    expect(totals.median()).toBe(mapMedian(h))
  })

  it('takes negative counts, is empty when they cancel out, and refuses a list of odd length', () => {
    const totals = new BucketTotals()
    expect(totals.isEmpty).toBe(true)
    expect(totals.median()).toBeNull()
    totals.addStoredText('{12,3,300,1}')
    totals.add(12, -3)
    totals.addStoredText('{300,-1}')
    expect(totals.isEmpty).toBe(true)
    totals.addStoredText('{}')
    totals.addStoredText('{40,2}')
    expect(totals.median()).toBe(getBucketMinutes(40))
    expect(() => totals.addStoredText('{40,2,41}')).toThrow(/odd length/)
    // A negative bucket stands for a second or less, as bucket 0 does.
    const low = new BucketTotals()
    low.addStoredText('{-1,5}')
    expect(low.median()).toBe(getBucketMinutes(0))
  })
})
