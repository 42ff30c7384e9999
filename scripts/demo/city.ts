// The synthetic city's large-scale shape, in metres around the centre: an urban outline
// stretched along the river valley, the Jin River (锦江) as a meandering band, the main
// roads, and a residential density field (radial falloff, clusters, hills, road corridors).
import { createValueNoise, type Rng } from '../../core/random.js'
import { distanceToPolyline, smoothPolyline, thinPolyline, type XY } from './geometry.js'

/** Direction of the river valley, south-west → north-east (radians from east). */
const VALLEY_ANGLE = (38 * Math.PI) / 180
const COS = Math.cos(VALLEY_ANGLE)
const SIN = Math.sin(VALLEY_ANGLE)

/** Metres (east, north) → valley frame (u along the river, v across it, positive to the north-west). */
export function toValley([x, y]: XY): XY {
  return [x * COS + y * SIN, -x * SIN + y * COS]
}
export function fromValley([u, v]: XY): XY {
  return [u * COS - v * SIN, u * SIN + v * COS]
}

export interface RoadSpec {
  name: string
  name_en: string
  road_class: 'primary' | 'secondary'
  /** Metres, east/north of the centre. */
  line: XY[]
  /** Radial roads: the point where the road leaves the built-up area (truck-driver homes go near it). */
  exit?: XY
}

export class City {
  /** Semi-axes of the outline ellipse, along and across the valley (m). */
  readonly a: number
  readonly b: number
  private readonly harmonics: { k: number; amp: number; phase: number }[]
  private readonly fingers: { angle: number; amp: number; width: number }[]
  /** River centreline in the valley frame, sampled every `riverStep` m of u. */
  readonly riverValley: XY[]
  readonly riverHalfWidth: number[]
  readonly riverStep = 20
  readonly riverU0: number
  readonly roads: RoadSpec[] = []
  private readonly clusters: { c: XY; amp: number; sigma: number }[] = []
  private readonly hill: (x: number, y: number) => number
  private readonly widthNoise: (x: number, y: number) => number
  private densityMax = 1

  constructor(
    rng: Rng,
    readonly scale: number,
    clusterCount: number,
  ) {
    this.a = 6300 * scale
    this.b = 4300 * scale
    this.harmonics = [2, 3, 4, 5, 6, 7].map((k) => ({ k, amp: rng.range(0.015, 0.07) * (3 / (k + 1)), phase: rng.range(0, 2 * Math.PI) }))
    this.hill = createValueNoise(rng.int(1, 2 ** 30), 1400)
    this.widthNoise = createValueNoise(rng.int(1, 2 ** 30), 900)

    // Jin River: a meander around the valley axis, passing just south-east of the old-town centre.
    const [p1, p2, p3] = [rng.range(0, 6.28), rng.range(0, 6.28), rng.range(0, 6.28)]
    const f = (u: number) =>
      420 * Math.sin((2 * Math.PI * u) / (3900 * Math.sqrt(scale)) + p1) +
      170 * Math.sin((2 * Math.PI * u) / 1700 + p2) +
      60 * Math.sin((2 * Math.PI * u) / 800 + p3)
    const f0 = f(0)
    const uMax = this.a * 1.3
    this.riverU0 = -uMax
    this.riverValley = []
    this.riverHalfWidth = []
    for (let u = -uMax; u <= uMax + 1e-6; u += this.riverStep) {
      this.riverValley.push([u, f(u) - f0 - 180])
      this.riverHalfWidth.push(40 + 32 * this.widthNoise(u, 0))
    }

    // Fingers of the built-up area reaching out along radial roads and the valley, and
    // hills pushing in between them.
    this.fingers = [
      { angle: (150 * Math.PI) / 180, amp: 0.36, width: 0.22 },
      { angle: (-12 * Math.PI) / 180, amp: 0.28, width: 0.2 },
      { angle: (40 * Math.PI) / 180, amp: 0.16, width: 0.3 },
      { angle: (-125 * Math.PI) / 180, amp: 0.14, width: 0.18 },
      { angle: (118 * Math.PI) / 180, amp: -0.2, width: 0.22 },
      { angle: (-88 * Math.PI) / 180, amp: -0.16, width: 0.25 },
      { angle: (10 * Math.PI) / 180 + rng.range(-0.2, 0.2), amp: -0.12, width: 0.15 },
    ]

    // Residential clusters (new towns, resettlement estates) away from the core.
    for (let i = 0; i < clusterCount; i++) {
      const t = rng.range(0, 2 * Math.PI)
      const rr = rng.range(0.45, 0.85) * this.boundaryRadius(t)
      const [x, y] = this.polar(t, rr)
      this.clusters.push({ c: [x, y], amp: rng.range(0.45, 0.8), sigma: rng.range(380, 700) * Math.sqrt(scale) })
    }

    this.buildRoads(rng)
    let max = 0
    for (let x = -this.a; x <= this.a; x += 150) for (let y = -this.a; y <= this.a; y += 150) max = Math.max(max, this.rawDensity([x, y]))
    this.densityMax = max
  }

  /** Outline radius (as a multiple of the ellipse) at ellipse angle t. */
  boundaryRadius(t: number): number {
    let r = 1
    for (const h of this.harmonics) r += h.amp * Math.cos(h.k * t + h.phase)
    for (const f of this.fingers) {
      let d = Math.abs(t - this.ellipseAngleOf(f.angle))
      d = Math.min(d, 2 * Math.PI - d)
      r += f.amp * Math.exp(-((d / f.width) ** 2))
    }
    return r
  }

  /** Ellipse angle for a compass direction (radians from east). */
  private ellipseAngleOf(direction: number): number {
    const [u, v] = toValley([Math.cos(direction), Math.sin(direction)])
    return Math.atan2(v / this.b, u / this.a)
  }

  /** Point at ellipse angle t and normalised radius rr. */
  polar(t: number, rr: number): XY {
    return fromValley([this.a * rr * Math.cos(t), this.b * rr * Math.sin(t)])
  }

  /** How far inside the outline a point is: < 1 inside, in units of the local outline radius. */
  outlineRatio(p: XY): number {
    const [u, v] = toValley(p)
    const t = Math.atan2(v / this.b, u / this.a)
    return Math.hypot(u / this.a, v / this.b) / this.boundaryRadius(t)
  }

  isInsideOutline(p: XY): boolean {
    return this.outlineRatio(p) < 1
  }

  /** Distance from a point to the river centreline (m), looking only `window` m up and down the valley. */
  riverDistance(p: XY, window = 400): { distance: number; halfWidth: number } {
    const [u] = toValley(p)
    const i0 = Math.max(1, Math.floor((u - window - this.riverU0) / this.riverStep))
    const i1 = Math.min(this.riverValley.length - 1, Math.ceil((u + window - this.riverU0) / this.riverStep))
    const q = toValley(p)
    let best = Infinity
    let hw = this.riverHalfWidth[0]
    for (let i = i0; i <= i1; i++) {
      const [a, b] = [this.riverValley[i - 1], this.riverValley[i]]
      const d = distanceToPolyline(q, [a, b])
      if (d < best) [best, hw] = [d, this.riverHalfWidth[i]]
    }
    return { distance: best, halfWidth: hw }
  }

  /** True within the river band plus a margin (m). */
  isInRiver(p: XY, margin = 0): boolean {
    const r = this.riverDistance(p)
    return r.distance < r.halfWidth + margin
  }

  /** The river band as one polygon ring (m), left bank up the valley, right bank back down. */
  riverPolygon(): XY[] {
    const left: XY[] = []
    const right: XY[] = []
    const c = this.riverValley
    for (let i = 0; i < c.length; i += 2) {
      const a = c[Math.max(0, i - 2)]
      const b = c[Math.min(c.length - 1, i + 2)]
      const len = Math.hypot(b[0] - a[0], b[1] - a[1])
      const n: XY = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len]
      const w = this.riverHalfWidth[i]
      left.push(fromValley([c[i][0] + n[0] * w, c[i][1] + n[1] * w]))
      right.push(fromValley([c[i][0] - n[0] * w, c[i][1] - n[1] * w]))
    }
    const ring = [...left, ...right.reverse()]
    ring.push(ring[0])
    return ring
  }

  /** The river centreline in metres (east, north), every ~20 m. */
  riverCentreline(): XY[] {
    return this.riverValley.map(fromValley)
  }

  private buildRoads(rng: Rng): void {
    const wobble = createValueNoise(rng.int(1, 2 ** 30), 1800)
    // Along the river, on the north-west bank.
    const bank = this.riverValley
      .filter((p, i) => i % 10 === 0 && Math.abs(p[0]) < this.a * 0.95)
      .map(([u, v]): XY => fromValley([u, v + 330]))
    this.roads.push({ name: '锦江大道', name_en: 'Jinjiang Avenue', road_class: 'primary', line: thinPolyline(smoothPolyline(bank, 2), 60) })

    const radial = (name: string, name_en: string, road_class: 'primary' | 'secondary', deg: number, startR: number) => {
      const dir = (deg * Math.PI) / 180
      const t = this.ellipseAngleOf(dir)
      const reach = Math.hypot(...this.polar(t, this.boundaryRadius(t)))
      const pts: XY[] = []
      for (let r = startR; r <= reach * 1.12; r += 150) {
        const side = (wobble(r, deg * 10) - 0.5) * 500 * Math.min(1, r / 1500)
        pts.push([Math.cos(dir) * r - Math.sin(dir) * side, Math.sin(dir) * r + Math.cos(dir) * side])
      }
      const line = thinPolyline(smoothPolyline(pts, 2), 60)
      // where it leaves the built-up area
      let exit = line[0]
      for (const p of line) if (this.outlineRatio(p) < 0.93) exit = p
      this.roads.push({ name, name_en, road_class, line, exit })
    }
    radial('东太大道', 'Dongtai Avenue', 'primary', -12, 0)
    radial('梵净山大道', 'Fanjingshan Avenue', 'primary', 150, 0)
    radial('清水大道', 'Qingshui Avenue', 'secondary', 92, 500)
    radial('川硐大道', 'Chuandong Avenue', 'secondary', -58, 500)
    radial('铜兴路', 'Tongxing Road', 'secondary', -125, 500)
    radial('灯塔大道', 'Dengta Avenue', 'primary', 40, 1200)

    // A ring road through the middle of the built-up area.
    const ring: XY[] = []
    for (let i = 0; i < 72; i++) {
      const t = (i / 72) * 2 * Math.PI
      const rr = 0.5 * this.boundaryRadius(t) * (0.92 + 0.16 * wobble(i * 300, 7777))
      ring.push(this.polar(t, rr))
    }
    ring.push(ring[0])
    const smooth = smoothPolyline(ring, 2)
    smooth[smooth.length - 1] = smooth[0]
    this.roads.push({ name: '环城路', name_en: 'Ring Road', road_class: 'secondary', line: smooth })
  }

  private rawDensity(p: XY): number {
    const [u, v] = toValley(p)
    const s = this.scale
    const d = Math.hypot(u / 1.25, v)
    let dens = Math.exp(-((d / (2500 * s)) ** 1.3))
    for (const c of this.clusters) {
      const dd = (p[0] - c.c[0]) ** 2 + (p[1] - c.c[1]) ** 2
      dens += c.amp * Math.exp(-dd / (2 * c.sigma * c.sigma))
    }
    return dens
  }

  /** Smooth part of the density (centre, clusters, road corridors, hills), before the outline and river cut. */
  private smoothDensity(p: XY): number {
    let dens = this.rawDensity(p) / this.densityMax
    let road = Infinity
    for (const r of this.roads) road = Math.min(road, distanceToPolyline(p, r.line))
    dens += 0.12 * Math.exp(-((road / 250) ** 2))
    return dens * (0.3 + 0.7 * this.hill(p[0], p[1]))
  }

  /** Rasterises the smooth density every 100 m (bilinear lookup), so sampling 200k points stays fast. */
  private ensureRaster(): void {
    if (this.raster) return
    const ext = Math.max(this.a, this.b) * 1.6
    const step = 100
    const n = Math.ceil((2 * ext) / step) + 1
    const values = new Float64Array(n * n)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) values[j * n + i] = this.smoothDensity([-ext + i * step, -ext + j * step])
    this.raster = { ext, step, n, values }
  }
  private raster?: { ext: number; step: number; n: number; values: Float64Array }

  /** Residential density in [0, 1]: 0 outside the outline and in the river (plus 12 m). */
  density(p: XY): number {
    const ratio = this.outlineRatio(p)
    if (ratio >= 1) return 0
    if (this.isInRiver(p, 12)) return 0
    this.ensureRaster()
    const { ext, step, n, values } = this.raster!
    const gx = (p[0] + ext) / step
    const gy = (p[1] + ext) / step
    const i = Math.min(n - 2, Math.max(0, Math.floor(gx)))
    const j = Math.min(n - 2, Math.max(0, Math.floor(gy)))
    const fx = gx - i
    const fy = gy - j
    const top = values[j * n + i] * (1 - fx) + values[j * n + i + 1] * fx
    const bottom = values[(j + 1) * n + i] * (1 - fx) + values[(j + 1) * n + i + 1] * fx
    const dens = top * (1 - fy) + bottom * fy
    const edge = Math.min(1, (1 - ratio) / 0.1)
    return Math.max(0, Math.min(1, dens * edge))
  }
}
