// The wall's design-resolution transform: the page is laid out on a 1920×1080 stage and scaled
// as a whole to the screen — by the same factor both ways (nothing stretches), the factor that
// makes the stage fit, with the stage widened or heightened to the screen's own shape (a
// 5760×1080 spliced wall gets a 5760-wide stage at 1×, a 4K screen a 1920×1080 stage at 2×).
export const DESIGN_WIDTH = 1920
export const DESIGN_HEIGHT = 1080

export interface Stage {
  /** CSS pixels of the screen per stage pixel. */
  scale: number
  /** The stage's size in stage pixels: at least 1920×1080 in one direction, the screen's shape. */
  width: number
  height: number
}

export function getStage(screenWidth: number, screenHeight: number): Stage {
  const w = Math.max(1, screenWidth)
  const h = Math.max(1, screenHeight)
  const scale = Math.min(w / DESIGN_WIDTH, h / DESIGN_HEIGHT)
  return { scale, width: w / scale, height: h / scale }
}
