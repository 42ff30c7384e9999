// Small pure pieces of the generator's output: code order, a median for the log, polylines without
// repeated points, and GeoJSON text laid out one feature per line.
import type { Feature, FeatureCollection } from 'geojson'

/** Plain code-unit order (locale-independent, so output bytes never depend on the machine). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

export function dedupeLine(line: [number, number][]): [number, number][] {
  return line.filter((p, i) => i === 0 || p[0] !== line[i - 1][0] || p[1] !== line[i - 1][1])
}

/** A FeatureCollection as text: one feature per line (areas, facilities), or none at all (demand points). */
export function featureCollectionText(features: Feature[], sep: string): string {
  const fc: FeatureCollection = { type: 'FeatureCollection', features: [] }
  const head = JSON.stringify(fc).replace(/\]\}$/, '')
  return `${head}${sep}${features.map((f) => JSON.stringify(f)).join(`,${sep}`)}${sep}]}\n`
}
