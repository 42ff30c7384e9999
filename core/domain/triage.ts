// Triage by colour (分色治理): importance × urgency gives red, orange, yellow or blue, and the
// colour decides each stage's time limit.
import type { Level } from './issue-taxonomy.js'

/** Most severe first. */
export const TRIAGE_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const
export type TriageColour = (typeof TRIAGE_COLOURS)[number]

export const TRIAGE_COLOUR_INFO: Record<TriageColour, { name: string; nameEn: string; hex: string }> = {
  red: { name: '红色', nameEn: 'Red', hex: '#d92d20' },
  orange: { name: '橙色', nameEn: 'Orange', hex: '#f2781c' },
  yellow: { name: '黄色', nameEn: 'Yellow', hex: '#e7b416' },
  blue: { name: '蓝色', nameEn: 'Blue', hex: '#2e6fd8' },
}

const RANK: Record<Level, number> = { high: 2, medium: 1, low: 0 }

/**
 * The colour of an issue: both high is red, high and medium orange, both medium or high and
 * low yellow, anything less blue.
 * @example getTriageColour('high', 'medium') // 'orange'
 */
export function getTriageColour(importance: Level, urgency: Level): TriageColour {
  const score = RANK[importance] + RANK[urgency]
  return score >= 4 ? 'red' : score === 3 ? 'orange' : score === 2 ? 'yellow' : 'blue'
}

/** Sort comparator: the more severe colour first. */
export function compareColours(a: TriageColour, b: TriageColour): number {
  return TRIAGE_COLOURS.indexOf(a) - TRIAGE_COLOURS.indexOf(b)
}

/** The most severe colour of a set, or undefined for none. */
export function getWorstColour(colours: Iterable<TriageColour>): TriageColour | undefined {
  let worst: TriageColour | undefined
  for (const c of colours) if (worst === undefined || compareColours(c, worst) < 0) worst = c
  return worst
}
