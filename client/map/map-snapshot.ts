// A picture of the map for the printed report: fitted to `bbox` (if given) with no room for
// panels, read from the WebGL canvas in the frame it is drawn (the canvas keeps no drawing buffer
// between frames), then the view the user had is restored.
export async function snapshotCurrentMap(bbox: [number, number, number, number] | null): Promise<string | null> {
  const map = window.__gridpulseMap
  if (!map) return null
  const camera = { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() }
  if (bbox) {
    map.fitBounds(bbox, { padding: 24, animate: false })
    // Tiles of the new view are loaded and drawn before the picture is taken.
    await new Promise<void>((resolve) => map.once('idle', () => resolve()))
  }
  const url = await new Promise<string | null>((resolve) => {
    map.once('render', () => {
      try {
        resolve(map.getCanvas().toDataURL('image/png'))
      } catch {
        resolve(null)
      }
    })
    map.triggerRepaint()
  })
  if (bbox) map.jumpTo(camera)
  return url
}
