// Seeded randomness for the demo generators (geography, issue history, the live demo): a small PRNG (mulberry32) and smooth value
// noise, so the same seed always gives byte-identical output (no Math.random, no clock).

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic geography. */
export function createMulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Hashes a string to 32 bits (FNV-1a), to derive independent sub-streams from one seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A seeded random source with the few distributions the generator needs. */
export class Rng {
  private readonly next: () => number

  constructor(seed: number) {
    this.next = createMulberry32(seed)
  }

  /** A child stream keyed by name: adding draws to one step does not shift the others. */
  fork(seed: number, name: string): Rng {
    return new Rng((seed ^ hashString(name)) >>> 0)
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next()
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Index drawn with probability proportional to its weight (weights ≥ 0, not all 0). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]
      if (r < 0) return i
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i
    return weights.length - 1
  }

  /** `count` distinct indices drawn in proportion to their weights, without replacement. */
  weightedSample(weights: readonly number[], count: number): number[] {
    const w = [...weights]
    const out: number[] = []
    for (let k = 0; k < count && w.some((x) => x > 0); k++) {
      const i = this.weightedIndex(w)
      out.push(i)
      w[i] = 0
    }
    return out
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items]
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[a[i], a[j]] = [a[j], a[i]]
    }
    return a
  }
}

/** Smooth 2-D value noise in [0, 1] with a given wavelength, from a seeded lattice. */
export function createValueNoise(seed: number, wavelength: number): (x: number, y: number) => number {
  const lattice = (ix: number, iy: number): number => {
    let h = (seed ^ Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1)) >>> 0
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296
  }
  const smooth = (t: number) => t * t * (3 - 2 * t)
  return (x, y) => {
    const gx = x / wavelength
    const gy = y / wavelength
    const ix = Math.floor(gx)
    const iy = Math.floor(gy)
    const fx = smooth(gx - ix)
    const fy = smooth(gy - iy)
    const a = lattice(ix, iy) + (lattice(ix + 1, iy) - lattice(ix, iy)) * fx
    const b = lattice(ix, iy + 1) + (lattice(ix + 1, iy + 1) - lattice(ix, iy + 1)) * fx
    return a + (b - a) * fy
  }
}
