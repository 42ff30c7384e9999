// A picture of the map as it is drawn now (for the printed report): read from the WebGL canvas
// in the frame it is drawn, since the canvas keeps no drawing buffer between frames.
export function snapshotCurrentMap(): Promise<string | null> {
  const map = window.__gridpulseMap
  if (!map) return Promise.resolve(null)
  return new Promise((resolve) => {
    map.once('render', () => {
      try {
        resolve(map.getCanvas().toDataURL('image/png'))
      } catch {
        resolve(null)
      }
    })
    map.triggerRepaint()
  })
}
