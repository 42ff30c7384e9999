// Map event handlers registered from one table — [event, layer or null for the whole map,
// handler] — and taken off again together.
import type * as maplibregl from 'maplibre-gl'

// The handlers take MapLibre's event objects, typed per event by the caller.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MapHandler = (e: any) => void
export type MapHandlerRow = [event: string, layer: string | null, handler: MapHandler]

/** Registers every row; the returned function removes them. */
export function attachMapHandlers(map: maplibregl.Map, rows: MapHandlerRow[]): () => void {
  const on = map.on.bind(map) as unknown as (type: string, layerOrHandler: string | MapHandler, handler?: MapHandler) => void
  const off = map.off.bind(map) as unknown as (type: string, layerOrHandler: string | MapHandler, handler?: MapHandler) => void
  for (const [type, layer, handler] of rows) layer ? on(type, layer, handler) : on(type, handler)
  return () => {
    for (const [type, layer, handler] of rows) layer ? off(type, layer, handler) : off(type, handler)
  }
}

/** Rows that show a pointer over the features of these layers (something to click). */
export function getPointerRows(map: maplibregl.Map, layers: string[]): MapHandlerRow[] {
  const pointer = () => (map.getCanvas().style.cursor = 'pointer')
  const plain = () => (map.getCanvas().style.cursor = '')
  return layers.flatMap((id): MapHandlerRow[] => [
    ['mouseenter', id, pointer],
    ['mouseleave', id, plain],
  ])
}
