// The one place the client reads its configuration: GET /api/config from our own server,
// merged with this browser's basemap override (localStorage), validated before use.
import { z } from 'zod'
import { fetchServerConfig } from './api/read-api'
import type { Basemap, ServerConfigPayload } from '../core/wire/read-api'
import { readStored, STORED_KEYS, writeStored } from './stored'


export const basemapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('osm') }),
  z.object({ kind: z.literal('tianditu'), key: z.string().trim().min(1) }),
  z.object({ kind: z.literal('style'), url: z.url({ protocol: /^https?$/ }) }),
])

export interface ClientConfig {
  version: string
  dataVersion: string
  /** The basemap in effect: this browser's override if it has one, else the server's. */
  basemap: Basemap
  /** The server's basemap, to go back to when the override is cleared. */
  serverBasemap: Basemap
  basemapSource: 'server' | 'browser'
  bbox: [number, number, number, number] | null
}

/** Reads the basemap this browser chose, or null (none chosen, or unreadable). */
export function readBasemapOverride(storage?: Storage): Basemap | null {
  return readStored(STORED_KEYS.basemap, (v) => basemapSchema.safeParse(v).data ?? null, storage)
}

/** Saves this browser's basemap; null removes the override so the server's applies again. */
export function writeBasemapOverride(basemap: Basemap | null, storage?: Storage): void {
  writeStored(STORED_KEYS.basemap, basemap === null ? null : basemapSchema.parse(basemap), storage)
}

export function mergeClientConfig(server: ServerConfigPayload, override: Basemap | null): ClientConfig {
  const serverBasemap = basemapSchema.safeParse(server.basemap).success ? server.basemap : ({ kind: 'none' } as const)
  return {
    version: server.version,
    dataVersion: server.dataVersion,
    basemap: override ?? serverBasemap,
    serverBasemap,
    basemapSource: override ? 'browser' : 'server',
    bbox: isValidBbox(server.bbox) ? server.bbox : null,
  }
}

export async function loadClientConfig(signal?: AbortSignal): Promise<ClientConfig> {
  return mergeClientConfig(await fetchServerConfig(signal), readBasemapOverride())
}

function isValidBbox(b: unknown): b is [number, number, number, number] {
  return Array.isArray(b) && b.length === 4 && b.every(Number.isFinite) && b[0] < b[2] && b[1] < b[3]
}
