// The coverage question's rules, read by the API, the /plan store and URL, its settings and its
// worker: one set of bounds and defaults, and the same answer whichever door a value comes in by.
import { describe, expect, it } from 'vitest'
import {
  assertCoverageParameters,
  COVERAGE_BOUNDS,
  countsAsServicePoint,
  coverageParametersSchema,
  coverageQuerySchema,
  DEFAULT_COVERAGE_PARAMETERS,
  fromCoverageQuery,
  suggestRequestSchema,
} from '../../../core/wire/coverage-parameters.js'

describe('coverage parameters', () => {
  it('fills the defaults from an empty query, under the full names', () => {
    expect(fromCoverageQuery(coverageQuerySchema.parse({}))).toEqual(DEFAULT_COVERAGE_PARAMETERS)
    expect(coverageParametersSchema.parse(DEFAULT_COVERAGE_PARAMETERS)).toEqual(DEFAULT_COVERAGE_PARAMETERS)
  })

  it('reads a query string, deduplicating and sorting the types', () => {
    const q = coverageQuerySchema.parse({ types: 'toilet,courier_post,toilet', minutes: '10', speed: '72', detour: '1.5', level: 'street', target: '80' })
    expect(fromCoverageQuery(q)).toEqual({ types: ['courier_post', 'toilet'], minutes: 10, speedMetersPerMinute: 72, detourFactor: 1.5, level: 'street', targetPct: 80 })
  })

  it('takes each bound itself and refuses just past it, through every schema', () => {
    const names = { minutes: 'minutes', speedMetersPerMinute: 'speed', detourFactor: 'detour', targetPct: 'target' } as const
    for (const [name, { min, max }] of Object.entries(COVERAGE_BOUNDS) as [keyof typeof names, { min: number; max: number }][]) {
      for (const [v, ok] of [[min, true], [max, true], [min - 0.01, false], [max + 0.01, false]] as const) {
        // The other parameters at a long walk, so only this bound decides.
        const long = { ...DEFAULT_COVERAGE_PARAMETERS, minutes: 30, speedMetersPerMinute: 200, detourFactor: 1 }
        const whole = { ...long, [name]: v }
        expect(coverageParametersSchema.safeParse(whole).success, `${name}=${v}`).toBe(ok)
        const query = { minutes: '30', speed: '200', detour: '1', [names[name]]: String(v) }
        expect(coverageQuerySchema.safeParse(query).success, `?${names[name]}=${v}`).toBe(ok)
        if (ok) expect(() => assertCoverageParameters(whole)).not.toThrow()
        else expect(() => assertCoverageParameters(whole)).toThrow(`${name} must be between ${min} and ${max}, not ${v}`)
      }
    }
  })

  it('refuses a walk shorter than 100 m however its parts are within their bounds (issue 15: a 6.7 m walk ran for seconds)', () => {
    const tiny = { ...DEFAULT_COVERAGE_PARAMETERS, minutes: 1, speedMetersPerMinute: 20, detourFactor: 3 }
    expect(() => assertCoverageParameters(tiny)).toThrow(/at least 100 m/)
    expect(coverageQuerySchema.safeParse({ minutes: '1', speed: '20', detour: '3' }).success).toBe(false)
    expect(suggestRequestSchema.safeParse({ k: 1, minutes: 1, speedMetersPerMinute: 20, detourFactor: 3 }).success).toBe(false)
    expect(coverageParametersSchema.safeParse({ ...tiny, minutes: 5, speedMetersPerMinute: 60 }).success).toBe(true)
  })

  it('refuses what is not a number, and a type code outside the pattern', () => {
    expect(() => assertCoverageParameters({ ...DEFAULT_COVERAGE_PARAMETERS, detourFactor: Number.NaN })).toThrow(/detourFactor must be a number, not NaN/)
    expect(coverageQuerySchema.safeParse({ minutes: 'abc' }).success).toBe(false)
    expect(coverageQuerySchema.safeParse({ types: 'Toilet' }).success).toBe(false)
    expect(coverageParametersSchema.safeParse({ ...DEFAULT_COVERAGE_PARAMETERS, types: ['a b'] }).success).toBe(false)
  })

  it('counts every type when none is named', () => {
    expect(countsAsServicePoint([], 'toilet')).toBe(true)
    expect(countsAsServicePoint(['courier_post'], 'toilet')).toBe(false)
    expect(countsAsServicePoint(['courier_post', 'toilet'], 'toilet')).toBe(true)
  })

  it('asks a suggestion for k, a target or both, with the walk defaulted', () => {
    expect(suggestRequestSchema.safeParse({}).success).toBe(false)
    expect(suggestRequestSchema.safeParse({ k: 51 }).success).toBe(false)
    expect(suggestRequestSchema.safeParse({ k: 2.5 }).success).toBe(false)
    const b = suggestRequestSchema.parse({ targetPct: 95, types: ['toilet', 'courier_post', 'toilet'] })
    expect(b).toMatchObject({ targetPct: 95, types: ['courier_post', 'toilet'], minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2 })
  })
})
