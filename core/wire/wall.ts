// The wall screen's wire: its hotspot windows, the commands a remote (a phone at /wall/remote)
// sends to the screens of one wall, and the state a screen shows back to the remotes — all
// through the Socket.IO namespace `/wall`, in a room per wall.
import { z } from 'zod'
import { areaCodeSchema } from '../domain/areas.js'

export const WALL_WINDOWS = ['24h', '7d', '30d'] as const
export type WallWindow = (typeof WALL_WINDOWS)[number]
export const WALL_WINDOW_MS: Record<WallWindow, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }
/**
 * Days of finished issues a wall holds beside the open ones (its pins and lists show open issues;
 * its hotspots are ranked by the server over the window, GET /api/issues/hotspots).
 */
export const WALL_SNAPSHOT_DAYS = 1

/** How the wall aggregates: H3 hexagons (resolution by zoom) or the grids themselves. */
export const HOTSPOT_LEVELS = ['hex', 'grid'] as const
export type HotspotLevel = (typeof HOTSPOT_LEVELS)[number]


export const wallCommandSchema = z.discriminatedUnion('type', [
  /** Drill into an area of the wall's scope (a street, community or grid). */
  z.object({ type: z.literal('drill'), area: areaCodeSchema }),
  /** One level up, or back to the wall's own area. */
  z.object({ type: z.literal('up') }),
  z.object({ type: z.literal('home') }),
  z.object({ type: z.literal('window'), window: z.enum(WALL_WINDOWS) }),
  z.object({ type: z.literal('level'), level: z.enum(HOTSPOT_LEVELS) }),
  /** Start or stop the tour of the top hotspots. */
  z.object({ type: z.literal('autopilot'), on: z.boolean() }),
  /** Show the n-th hotspot of the current list (0-based). */
  z.object({ type: z.literal('hotspot'), index: z.number().int().min(0).max(9) }),
  /** Show one open issue. */
  z.object({ type: z.literal('issue'), id: z.uuid() }),
  /** Close whatever is shown over the map (an issue, a hotspot). */
  z.object({ type: z.literal('close') }),
])
export type WallCommand = z.infer<typeof wallCommandSchema>

export type WallMode = 'tour' | 'alert' | 'manual'

/** What a screen shows, sent to the wall's remotes after every change. */
export interface WallState {
  /** The area drilled into, and the chain from the wall's own area down to it. */
  area: string
  chain: { code: string; name: string }[]
  /** The areas one level down, with their open issues. */
  children: { code: string; name: string; open: number }[]
  window: WallWindow
  level: HotspotLevel
  autopilot: boolean
  mode: WallMode
  /** `label` in the screen's language; `gridCode` lets a remote name it in its own. */
  hotspots: { key: string; label: string; gridCode: string | null; score: number; emerging: boolean }[]
  /** The open issues of the area, worst first (at most 20). */
  issues: { id: string; code: string; colour: string; label: string }[]
  /** What is shown over the map: a hotspot's index or an issue's id. */
  hotspot: number | null
  issueId: string | null
  at: string
}

/** Handshake `auth` of the `/wall` namespace. */
export interface WallSocketAuth {
  token: string
  /** A screen shows the wall; a remote drives it. */
  as: 'screen' | 'remote'
}

export type WallCommandAck = { ok: true; screens: number } | { ok: false; error: string }

export interface WallServerToClientEvents {
  /** To screens: a remote's command. */
  'wall:command': (command: WallCommand) => void
  /** To remotes: a screen's state. */
  'wall:state': (state: WallState) => void
  /** To screens: a remote joined and wants the state now. */
  'wall:sync': () => void
  /** To remotes: how many screens show this wall. */
  'wall:screens': (count: number) => void
}

export interface WallClientToServerEvents {
  'wall:command': (command: unknown, ack?: (result: WallCommandAck) => void) => void
  'wall:state': (state: WallState) => void
}
