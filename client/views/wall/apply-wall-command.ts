// What a command (from the screen itself or a remote) does to the wall's view: drill into an area
// of the wall's own (anything else is ignored), up or home, the window, the aggregation, and what
// is shown over the map. Pure; the autopilot's part (a touch, or switching it) is the caller's.
import type { WallCommand } from '../../../core/wire/wall'
import type { AreaIndex } from '../../areas/use-area-names'
import { getAreaChain } from '../../areas/use-area-names'
import type { WallShown } from '../../store/wall-slice'
import type { HotspotLevel, WallWindow } from '../../../core/wire/wall'

export interface WallViewState {
  /** The area drilled into; null is the wall's own. */
  area: string | null
  window: WallWindow
  level: HotspotLevel
  shown: WallShown
}

export interface WallCommandContext {
  index: AreaIndex
  /** The wall's own area (its token's or its user's). */
  scope: string
  hasIssue(id: string): boolean
}

/** True when `code` is the wall's own area or lies inside it. */
export function isInScope(index: AreaIndex, scope: string, code: string): boolean {
  return getAreaChain(index, code).some((a) => a.code === scope)
}

export function applyWallCommand(view: WallViewState, c: WallCommand, ctx: WallCommandContext): WallViewState {
  const current = view.area && isInScope(ctx.index, ctx.scope, view.area) ? view.area : ctx.scope
  const goTo = (code: string): WallViewState => ({ ...view, area: code === ctx.scope ? null : code, shown: null })
  switch (c.type) {
    case 'drill':
      return ctx.index.has(c.area) && isInScope(ctx.index, ctx.scope, c.area) ? goTo(c.area) : view
    case 'up': {
      const parent = ctx.index.get(current)?.parent_code
      return current !== ctx.scope && parent ? goTo(parent) : view
    }
    case 'home':
      return goTo(ctx.scope)
    case 'window':
      return { ...view, window: c.window }
    case 'level':
      return { ...view, level: c.level, shown: null }
    case 'hotspot':
      return { ...view, shown: { kind: 'hotspot', index: c.index } }
    case 'issue':
      return ctx.hasIssue(c.id) ? { ...view, shown: { kind: 'issue', id: c.id } } : view
    case 'close':
      return { ...view, shown: null }
    case 'autopilot':
      return view
  }
}
