// Pictograms of the facility types, drawn on a canvas from the taxonomy's `icon` keyword and
// colour: the map uses them over its coloured circles and the legend shows the same drawing.
// An unknown keyword falls back to a dot, since the type list is data.
import type { Map } from 'maplibre-gl'
import type { FacilityType } from '../../../core/wire/read-api'
import { FACILITY_ICON_SIZE, UNKNOWN_TYPE_COLOR } from './facilities'

/** 24×24 drawings, white on the type colour; `detail` strokes are drawn in the type colour. */
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
  color: string
  /** Device pixels per CSS pixel. */
  pixelRatio: number
  /** CSS pixels of the square image. */
  size: number
  /** Draw the coloured disc with a white ring too (the legend); the map has its own circle. */
  withDisc: boolean
}

/** Draws one type's symbol onto a new canvas. */
export function drawFacilityIcon({ icon, color, pixelRatio, size, withDisc }: DrawIconOptions): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = Math.round(size * pixelRatio)
  const ctx = canvas.getContext('2d')!
  ctx.scale((size * pixelRatio) / 24, (size * pixelRatio) / 24)
  if (withDisc) {
    ctx.beginPath()
    ctx.arc(12, 12, 11.2, 0, Math.PI * 2)
    ctx.fillStyle = '#ffffff'
    ctx.fill()
    ctx.beginPath()
    ctx.arc(12, 12, 9.9, 0, Math.PI * 2)
    ctx.fillStyle = color
    ctx.fill()
    // The pictogram sits inside a disc of radius ~10: shrink it to keep a margin.
    ctx.translate(12, 12)
    ctx.scale(0.78, 0.78)
    ctx.translate(-12, -12)
  }
  const p = PICTOGRAMS[icon] ?? PICTOGRAMS.dot
  ctx.fillStyle = '#ffffff'
  for (const d of p.fill) ctx.fill(new Path2D(d))
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  if (p.stroke) {
    ctx.strokeStyle = '#ffffff'
    ctx.lineWidth = 1.6
    for (const d of p.stroke) ctx.stroke(new Path2D(d))
  }
  if (p.detail) {
    ctx.strokeStyle = color
    ctx.fillStyle = color
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
export function getFacilityIconDataUrl(icon: string, color: string, size = 22): string {
  const ratio = Math.max(2, Math.ceil(globalThis.devicePixelRatio || 1))
  return drawFacilityIcon({ icon, color, pixelRatio: ratio, size, withDisc: true }).toDataURL('image/png')
}

/** Puts a facility type's pictogram on the map as an image (sharp at the screen's pixel ratio), once. */
export function addFacilityIcon(map: Map, id: string, type: FacilityType | undefined): void {
  if (map.hasImage(id)) return
  const pixelRatio = Math.max(2, Math.ceil(window.devicePixelRatio || 1))
  const canvas = drawFacilityIcon({
    icon: type?.icon ?? 'dot',
    color: type?.color ?? UNKNOWN_TYPE_COLOR,
    pixelRatio,
    size: FACILITY_ICON_SIZE,
    withDisc: false,
  })
  const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
  map.addImage(id, image, { pixelRatio })
}
