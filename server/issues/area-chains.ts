// The grid hierarchy held in memory for intake: a report's lowest area is found by PostGIS, its
// ancestors (community, street, district) walked up here (core/domain/area-chain.ts). Joining the
// four ancestors in the placement statement cost the embedded engine about a millisecond of
// planning on every report (each lookup of `areas` planned anew, ~0.25 ms in WebAssembly).
// The placement statement reads the areas' data version in the same snapshot as the lowest area;
// a version other than the one held (an import, in this process or another) reads the hierarchy
// again before the walk, so a report is never filed under a hierarchy older than its own area.
import { getAreaChain, type AreaChain, type AreaNode } from '../../core/domain/area-chain.js'
import type { Sql } from '../db/client.js'
import { selectAreaNodes } from '../db/queries/areas.js'

export type AreaChains = ReturnType<typeof createAreaChains>

export function createAreaChains(sql: Sql) {
  let held: { version: string; nodes: Map<string, AreaNode> } | undefined
  let loading: Promise<{ version: string; nodes: Map<string, AreaNode> }> | undefined

  /** The hierarchy at `version` or later: one read at a time, shared by the reports waiting for it. */
  async function atVersion(version: string) {
    // A read already under way may have begun before that version was committed: then once more.
    while (!held || BigInt(held.version) < BigInt(version)) {
      loading ??= selectAreaNodes(sql).finally(() => (loading = undefined))
      const read = await loading
      if (!held || BigInt(read.version) > BigInt(held.version)) held = read
    }
    return held
  }

  return {
    /** The chain of the lowest area a report was placed in, as the areas stood at `version` (or later). */
    async chainOf(lowest: string | null, version: string): Promise<AreaChain> {
      if (lowest === null) return getAreaChain(null, new Map())
      return getAreaChain(lowest, (await atVersion(version)).nodes)
    },
  }
}
