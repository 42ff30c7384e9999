// Durations in minutes kept as a histogram with logarithmic buckets, so a median over any set of
// days is the merge of the days' histograms — the figures' rollups store them per day.
//
// Why log buckets and not a sketch (t-digest, DDSketch as a library) or exact values: the buckets
// are plain integers, so a day's buckets merge with another's by addition — exactly, in any order,
// with no library on the SQL side (the rollups keep a row's buckets as one list of pairs, merged by
// a ten-line SQL function on both engines: migration 0025). A
// bucket spans a ratio of 1.02, and the median is read as the bucket's centre, so it is within 1 % (or one second)
// of the exact median (tests/core/domain/minutes-histogram.test.ts checks the bound). A year of
// durations from one second to a year fills at most 875 buckets; a day of a street fills a few
// dozen.

/** Width of a bucket, as a ratio of its upper to its lower end. */
export const BUCKET_RATIO = 1.02
const LOG_RATIO = Math.log(BUCKET_RATIO)

/** Buckets by index; a Map, since a day fills few of them. */
export type MinutesHistogram = Map<number, number>

/** The bucket of a duration: bucket b holds (1.02^(b-1), 1.02^b] seconds; a second or less is bucket 0. */
export function getMinutesBucket(minutes: number): number {
  const seconds = minutes * 60
  if (!(seconds > 1)) return 0
  // The small epsilon keeps an exact power of the ratio in its own bucket despite rounding.
  return Math.ceil(Math.log(seconds) / LOG_RATIO - 1e-9)
}

/** The value a bucket stands for: the centre of its range, in minutes (within 1 % of anything in it). */
export function getBucketMinutes(bucket: number): number {
  if (bucket <= 0) return 1 / 60
  const upper = BUCKET_RATIO ** bucket
  return (upper * 2) / (1 + BUCKET_RATIO) / 60
}

/** Adds n durations of one bucket. */
export function addToHistogram(h: MinutesHistogram, bucket: number, n = 1): void {
  const total = (h.get(bucket) ?? 0) + n
  if (total === 0) h.delete(bucket)
  else h.set(bucket, total)
}

/**
 * A histogram as the rollups store it (migration 0025): the pairs bucket, count, bucket, count … in
 * the bucket's order, no count zero — one array per row instead of a row per bucket.
 * @example toBucketList(new Map([[300, 2], [12, 1]])) // [12, 1, 300, 2]
 */
export function toBucketList(h: MinutesHistogram): number[] {
  const out: number[] = []
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    const n = h.get(b)!
    if (n !== 0) out.push(b, n)
  }
  return out
}

/**
 * The sum of many stored lists, as a figure's total over weeks of a city's rows needs (a city's 30 days:
 * ~40,000 pairs added to each of three groups): counts by bucket in one typed array, and the lists
 * read from their text form ('{12,1,300,2}', `buckets::text`) by one pass over the characters. On
 * the server's year this took the city's 30 days from ~57 to ~36 ms of the process's CPU a request
 * against a Map per group fed by the driver's array parser (stop 40, `--cpu-prof`).
 */
export class BucketTotals {
  private counts = new Float64Array(1024)

  /** Adds n durations of one bucket. */
  add(bucket: number, n: number): void {
    // Bucket 0 holds every duration of a second or less (getMinutesBucket never gives less).
    if (bucket < 0) bucket = 0
    if (bucket >= this.counts.length) {
      const grown = new Float64Array(Math.max(bucket + 1, this.counts.length * 2))
      grown.set(this.counts)
      this.counts = grown
    }
    this.counts[bucket] += n
  }

  /** Adds a stored list in PostgreSQL's text form of an integer array, '{bucket,count,bucket,count…}'. */
  addStoredText(text: string): void {
    let value = 0
    let sign = 1
    let digits = false
    let bucket = 0
    let haveBucket = false
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48)
        digits = true
      } else if (c === 45) sign = -1
      else if (digits) {
        if (!haveBucket) bucket = sign * value
        else this.add(bucket, sign * value)
        haveBucket = !haveBucket
        value = 0
        sign = 1
        digits = false
      }
    }
    if (haveBucket) throw new Error(`a stored list of buckets has an odd length: ${text.slice(0, 80)}`)
  }

  /** Whether no bucket holds a count (additions and removals that cancel out leave it empty, as a Map's zero buckets are dropped). */
  get isEmpty(): boolean {
    return this.counts.every((n) => n === 0)
  }

  /** The median (the mean of the two middle values for an even count), from bucket centres; null when empty. */
  median(): number | null {
    const c = this.counts
    let count = 0
    let lastPositive = -1
    for (let b = 0; b < c.length; b++) {
      count += c[b]
      if (c[b] > 0) lastPositive = b
    }
    if (count <= 0 || lastPositive < 0) return null
    const valueAt = (rank: number) => {
      let seen = 0
      for (let b = 0; b <= lastPositive; b++) {
        if (!(c[b] > 0)) continue
        seen += c[b]
        if (rank < seen) return getBucketMinutes(b)
      }
      return getBucketMinutes(lastPositive)
    }
    const middle = Math.floor(count / 2)
    return count % 2 ? valueAt(middle) : (valueAt(middle - 1) + valueAt(middle)) / 2
  }
}

/** The median (the mean of the two middle values for an even count), from bucket centres; null when empty. */
export function getHistogramMedian(h: MinutesHistogram): number | null {
  const totals = new BucketTotals()
  for (const [bucket, n] of h) totals.add(bucket, n)
  return totals.median()
}
