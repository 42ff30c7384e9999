// Live closures on the wire: GET /api/closures and the `closures` socket event carry the open
// issues that close the way to walkers (core/domain/passage-closures.ts) and, where a walking network
// is loaded, what they cost: the residents who lose their walk to a service point within the
// coverage walk (all closures together, and each alone), and the grids they live in.
import type { Position } from 'geojson'
import type { IssueStatus } from '../domain/issue-lifecycle.js'
import type { CoverageParameters } from './coverage-parameters.js'

/** An open issue that closes the walking network near its place. */
export interface PassageClosure {
  id: string
  /** The issue's readable code (as the console lists it). */
  code: string
  subcategory: string
  status: IssueStatus
  lon: number
  lat: number
  reportedAt: string
  gridCode: string | null
  streetCode: string | null
}

/** Residents who lose their walk, in all and per grid (the most first). */
export interface ClosureLossFigures {
  population: number
  /** Demand points (buildings). */
  points: number
  grids: { code: string; name: string; nameEn: string | null; population: number; points: number }[]
}

export interface ClosuresResponse {
  /** The coverage inputs' data version the figures are of (null: no network, no figures). */
  dataVersion: string | null
  /** The walk the losses are measured for (the coverage defaults on the walking network: every service point). */
  parameters: CoverageParameters | null
  /** Metres from a closure within which an edge of the walking network closes. */
  closureMeters: number
  /** Each open closure, the oldest first: the edges it closes (and their lines, for the map) and its cost alone (null: not measured). */
  closures: (PassageClosure & { edges: number; alone: ClosureLossFigures | null; lines: Position[][] })[]
  /** All of them together (null without a walking network). */
  total: ClosureLossFigures | null
  /** When these figures were made. */
  at: string
}

/**
 * The figures as a session scoped to `area` sees them (area codes nest by prefix): its closures, and
 * the losses in its grids, the total summed from them. null: the whole district.
 */
export function scopeClosures(figures: ClosuresResponse, area: string | null): ClosuresResponse {
  if (area === null) return figures
  const inArea = (code: string | null) => code !== null && code.startsWith(area)
  const scope = (loss: ClosureLossFigures | null): ClosureLossFigures | null => {
    if (!loss) return loss
    const grids = loss.grids.filter((g) => inArea(g.code))
    return { population: grids.reduce((n, g) => n + g.population, 0), points: grids.reduce((n, g) => n + g.points, 0), grids }
  }
  return {
    ...figures,
    closures: figures.closures.filter((c) => inArea(c.gridCode ?? c.streetCode)).map((c) => ({ ...c, alone: scope(c.alone) })),
    total: scope(figures.total),
  }
}
