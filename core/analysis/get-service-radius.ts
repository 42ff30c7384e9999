// The radius of a walking service circle: minutes × walking speed ÷ detour factor (DESIGN.md:
// GB 50180-2018's 5-, 10- and 15-minute life circles; 80 m/min and 1.2 by default).

export const DEFAULT_WALK_SPEED_METERS_PER_MINUTE = 80
export const DEFAULT_DETOUR_FACTOR = 1.2
/** The tiers a planner picks from; any other whole number of minutes is a custom tier. */
export const SERVICE_TIERS_MINUTES = [5, 10, 15] as const

export interface ServiceRadiusOptions {
  minutes: number
  speedMetersPerMinute?: number
  /** How much longer a walk on streets is than the straight line (≥ 1). */
  detourFactor?: number
}

/**
 * The straight-line radius in metres that a walk of `minutes` reaches.
 *
 * @example
 * getServiceRadius({ minutes: 15 }) // 1000
 * getServiceRadius({ minutes: 5, speedMetersPerMinute: 72, detourFactor: 1.2 }) // 300
 */
export function getServiceRadius(options: ServiceRadiusOptions): number {
  const { minutes, speedMetersPerMinute = DEFAULT_WALK_SPEED_METERS_PER_MINUTE, detourFactor = DEFAULT_DETOUR_FACTOR } = options
  if (!(minutes > 0) || !Number.isFinite(minutes)) throw new RangeError(`minutes must be a positive number, not ${minutes}`)
  if (!(speedMetersPerMinute > 0) || !Number.isFinite(speedMetersPerMinute)) {
    throw new RangeError(`speedMetersPerMinute must be a positive number, not ${speedMetersPerMinute}`)
  }
  if (!(detourFactor >= 1) || !Number.isFinite(detourFactor)) throw new RangeError(`detourFactor must be at least 1, not ${detourFactor}`)
  return (minutes * speedMetersPerMinute) / detourFactor
}
