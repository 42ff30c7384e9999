// The feed's memory of the last relayed events (server/realtime/recent-events.ts): what it answers
// for a `since`, and when it says the log must be read instead.
import { describe, expect, it } from 'vitest'
import type { IssueEventMessage } from '../../core/wire/issues.js'
import { RecentEvents, type RecentEvent } from '../../server/realtime/recent-events.js'

const event = (seq: number, rooms = ['all']): RecentEvent => ({ message: { seq } as IssueEventMessage, rooms })
const seqs = (ms: IssueEventMessage[] | undefined) => ms?.map((m) => m.seq)

describe('RecentEvents', () => {
  it('answers nothing it never held: a fresh process starts at the relay position', () => {
    const recent = new RecentEvents(8)
    recent.startAt(100)
    expect(seqs(recent.after(100, 'all'))).toEqual([])
    expect(recent.after(99, 'all')).toBeUndefined()
    expect(recent.after(0, 'all')).toBeUndefined()
    recent.add([event(101), event(102)])
    expect(seqs(recent.after(100, 'all'))).toEqual([101, 102])
    expect(recent.after(99, 'all')).toBeUndefined()
  })

  it('holds the last `capacity` events and sends the log for anything older', () => {
    const recent = new RecentEvents(8)
    recent.startAt(0)
    recent.add(Array.from({ length: 20 }, (_, i) => event(i + 1)))
    expect(recent.last).toBe(20)
    expect(seqs(recent.after(12, 'all'))).toEqual([13, 14, 15, 16, 17, 18, 19, 20])
    expect(recent.after(11, 'all')).toBeUndefined()
    expect(seqs(recent.after(20, 'all'))).toEqual([])
    // A since ahead of what is held: the relay must catch up first.
    expect(recent.after(21, 'all')).toBeUndefined()
  })

  it("gives a room only its own events, in seq order", () => {
    const recent = new RecentEvents(8)
    recent.startAt(0)
    recent.add([event(1, ['all', 'street:a']), event(2, ['all', 'street:b']), event(3, ['all', 'street:a', 'grid:a1'])])
    expect(seqs(recent.after(0, 'street:a'))).toEqual([1, 3])
    expect(seqs(recent.after(1, 'street:b'))).toEqual([2])
    expect(seqs(recent.after(0, 'grid:a1'))).toEqual([3])
    expect(seqs(recent.after(0, 'street:c'))).toEqual([])
  })

  it('starts again after a gap rather than answer across it', () => {
    const recent = new RecentEvents(8)
    recent.startAt(0)
    recent.add([event(1), event(2), event(3)])
    recent.add([event(5), event(6)])
    expect(seqs(recent.after(4, 'all'))).toEqual([5, 6])
    expect(recent.after(3, 'all')).toBeUndefined()
    expect(recent.after(1, 'all')).toBeUndefined()
  })
})
