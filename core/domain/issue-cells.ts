// The H3 cells an issue lies in, at the resolutions the wall gathers hotspots at (getHexResolution:
// 7 at district zoom … 10 at street zoom): stored with each issue, so SQL can group by them.
import { latLngToCell } from 'h3-js'

export const HOTSPOT_RESOLUTIONS = [7, 8, 9, 10] as const
export type HotspotResolution = (typeof HOTSPOT_RESOLUTIONS)[number]

export type IssueCells = Record<`h3_r${HotspotResolution}`, string>

/** The issue's cell at each hotspot resolution. */
export function getIssueCells(lon: number, lat: number): IssueCells {
  return {
    h3_r7: latLngToCell(lat, lon, 7),
    h3_r8: latLngToCell(lat, lon, 8),
    h3_r9: latLngToCell(lat, lon, 9),
    h3_r10: latLngToCell(lat, lon, 10),
  }
}
