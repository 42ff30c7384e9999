// Pure parts of the live client: the seq gate that drops repeats, and the outbox's retry rules.
import { describe, expect, it } from 'vitest'
import { classifySendFailure, getRetryDelayMs } from '../../client/offline/report-queue'
import { createSeqGate } from '../../client/live/issue-feed'

describe('createSeqGate', () => {
  it('accepts each seq once, in order, after since', () => {
    const gate = createSeqGate(10)
    expect([9, 10, 11, 11, 13, 12, 14].map((s) => gate.accept(s))).toEqual([false, false, true, false, true, false, true])
    expect(gate.last).toBe(14)
  })
})

describe('the outbox', () => {
  it.each([
    [0, 'retry'],
    [401, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'refused'],
    [403, 'refused'],
    [409, 'refused'],
    [413, 'refused'],
    [415, 'refused'],
  ] as const)('treats status %i as %s', (status, verdict) => {
    expect(classifySendFailure(status)).toBe(verdict)
  })

  it('backs off from 2 s to at most 5 minutes', () => {
    expect([1, 2, 3, 4, 10, 20].map(getRetryDelayMs)).toEqual([2000, 4000, 8000, 16000, 300000, 300000])
  })
})
