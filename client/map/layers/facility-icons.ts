// Signs of the facility types, drawn on a canvas from the taxonomy's `icon` keyword: the type's
// pictogram in ink on a white square sign with an ink border — told apart by shape, never by a
// colour (the console's colours are the triage colours, issue 16), and square where issue pins are
// round. The map and the legend show the same drawing. An unknown keyword falls back to a dot,
// since the type list is data.
import type { Map } from 'maplibre-gl'
import type { FacilityType } from '../../../core/wire/read-api'
import { FACILITY_ICON_SIZE } from './facilities'

/** The sign's ink: a slate far from every triage colour. */
export const FACILITY_SIGN_INK = '#2b3a4f'
const SIGN_PAPER = '#ffffff'

/** 24×24 drawings, in ink on the sign; `detail` strokes are drawn in the sign's paper colour over them. */
const PICTOGRAMS: Record<string, { fill: string[]; detail?: string[]; stroke?: string[] }> = {
  star: { fill: [starPath(12, 12.4, 7.2, 3)] },
  flag: { fill: ['M7 5h1.7v14H7z', 'M8.7 5.6h8.6l-2.1 3.1 2.1 3.1H8.7z'] },
  cup: {
    fill: ['M5.5 8.5h10v4.6a4.1 4.1 0 0 1-4.1 4.1H9.6a4.1 4.1 0 0 1-4.1-4.1z', 'M5 18.3h11.5v1.4H5z'],
    stroke: ['M15.4 10h1.4a2.1 2.1 0 0 1 0 4.2h-1.6', 'M8.4 4.2v2.4', 'M11.6 4.2v2.4'],
  },
  box: {
    fill: ['M12 4.4l7.4 3.7v8l-7.4 3.7-7.4-3.7v-8z'],
    detail: ['M4.9 8.2l7.1 3.6 7.1-3.6', 'M12 11.8v7.6', 'M8.3 6.3l7.2 3.7'],
  },
  truck: {
    fill: ['M3.8 7.2h10.4v8.6H3.8z', 'M14.9 9.6h3.4l2.4 3.2v3H14.9z', 'M4 15.2h16.6v1.3H4z'],
    detail: ['M16.2 10.8h1.7l1.2 1.7h-2.9z'],
  },
  heart: { fill: ['M12 19.2s-7.2-4.4-7.2-9.4A3.9 3.9 0 0 1 12 7.7a3.9 3.9 0 0 1 7.2 2.1c0 5-7.2 9.4-7.2 9.4z'] },
  dot: { fill: ['M12 8.2a3.8 3.8 0 1 1 0 7.6a3.8 3.8 0 1 1 0-7.6z'] },
}

function starPath(cx: number, cy: number, outer: number, inner: number): string {
  const points: string[] = []
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner
    const a = -Math.PI / 2 + (i * Math.PI) / 5
    points.push(`${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`)
  }
  return `M${points.join('L')}z`
}

export function hasPictogram(icon: string): boolean {
  return icon in PICTOGRAMS
}

export interface DrawIconOptions {
  icon: string
  /** Device pixels per CSS pixel. */
  pixelRatio: number
  /** CSS pixels of the square image. */
  size: number
}

/** Draws one type's sign (the square, its border, the pictogram) onto a new canvas. */
export function drawFacilityIcon({ icon, pixelRatio, size }: DrawIconOptions): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = Math.round(size * pixelRatio)
  const ctx = canvas.getContext('2d')!
  ctx.scale((size * pixelRatio) / 24, (size * pixelRatio) / 24)
  const sign = new Path2D()
  sign.roundRect(1.6, 1.6, 20.8, 20.8, 5)
  ctx.fillStyle = SIGN_PAPER
  ctx.fill(sign)
  ctx.strokeStyle = FACILITY_SIGN_INK
  ctx.lineWidth = 1.6
  ctx.stroke(sign)
  // The pictogram inside the border, with a margin.
  ctx.translate(12, 12)
  ctx.scale(0.7, 0.7)
  ctx.translate(-12, -12)
  const p = PICTOGRAMS[icon] ?? PICTOGRAMS.dot
  ctx.fillStyle = FACILITY_SIGN_INK
  for (const d of p.fill) ctx.fill(new Path2D(d))
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  if (p.stroke) {
    ctx.strokeStyle = FACILITY_SIGN_INK
    ctx.lineWidth = 1.8
    for (const d of p.stroke) ctx.stroke(new Path2D(d))
  }
  if (p.detail) {
    ctx.strokeStyle = SIGN_PAPER
    ctx.fillStyle = SIGN_PAPER
    ctx.lineWidth = 1.2
    for (const d of p.detail) {
      const path = new Path2D(d)
      if (d.trim().endsWith('z')) ctx.fill(path)
      else ctx.stroke(path)
    }
  }
  return canvas
}

/** The same drawing as an image URL for the legend (a data: URL, so no request is made). */
export function getFacilityIconDataUrl(icon: string, size = 22): string {
  const ratio = Math.max(2, Math.ceil(globalThis.devicePixelRatio || 1))
  return drawFacilityIcon({ icon, pixelRatio: ratio, size }).toDataURL('image/png')
}

/** Puts a facility type's pictogram on the map as an image (sharp at the screen's pixel ratio), once. */
export function addFacilityIcon(map: Map, id: string, type: FacilityType | undefined): void {
  if (map.hasImage(id)) return
  const pixelRatio = Math.max(2, Math.ceil(window.devicePixelRatio || 1))
  const canvas = drawFacilityIcon({ icon: type?.icon ?? 'dot', pixelRatio, size: FACILITY_ICON_SIZE })
  const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
  map.addImage(id, image, { pixelRatio })
}
