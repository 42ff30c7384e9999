// The colours more than one layer module draws with, by what they mean on the map. A layer
// module keeps its own colours (the area levels, the coverage ramp, the triage colours) beside
// its layers; what must read the same everywhere — the selection, done, closed, ink — is here.
export const MAP_PALETTE = {
  /** What is picked or selected: an area outline, an issue ring, a service circle on /plan. */
  selection: '#1d5fae',
  /** Done or added: a resolved issue's ring, a planned station. */
  done: '#0f7b4d',
  /** Set aside: a closed issue's ring, a station closed in a scenario. */
  closed: '#8a94a3',
  /** The darkest outline: the highlight on /plan, the ring of an issue in hand. */
  ink: '#111827',
  /** Rings and text on coloured discs. */
  white: '#ffffff',
} as const
