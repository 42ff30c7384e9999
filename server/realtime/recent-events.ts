// The last events the relay emitted, in memory, so that a socket connecting with a recent `since`
// is replayed without reading the log. Why: when one of two processes dies, its clients all connect
// to the other within a few milliseconds, each with a `since` a second or less behind. Read from the
// log, each replay is a query of its own, and while reports keep coming the relay moves on during
// every query, so each socket read again, and again: 100 sockets kept the pool's ten connections
// busy and held the surviving process's POSTs for up to 0.6 s (`npm run bench -- realtime --kill`,
// Postgres adapter: receipt p99 1,773 ms). From memory a replay takes no query, and the socket joins
// its room in the same turn as it is replayed.
//
// The relay emits every seq once, in order, without gaps (issue-feed.ts), so what is held is always
// a consecutive run ending at the relay's position: whether it covers a `since` is one comparison.
import type { IssueEventMessage } from '../../core/wire/issues.js'

export interface RecentEvent {
  message: IssueEventMessage
  rooms: string[]
}

/** About 20 s of the feed at 100 reports/s: a few MB, held by the process anyway while it emits. */
export const RECENT_EVENTS = 2048

export class RecentEvents {
  private readonly ring: (RecentEvent | undefined)[]
  /** The highest seq held (0: none). */
  private head = 0
  private size = 0

  constructor(private readonly capacity = RECENT_EVENTS) {
    this.ring = new Array(capacity)
  }

  /** Starts holding from the relay's position: nothing at or before `seq` is held. */
  startAt(seq: number): void {
    this.head = seq
    this.size = 0
  }

  /** The highest seq held, or the position given to startAt. */
  get last(): number {
    return this.head
  }

  /** Holds events just relayed: consecutive, each the seq after the last held (a gap starts the run anew). */
  add(events: readonly RecentEvent[]): void {
    for (const e of events) {
      const seq = e.message.seq
      if (seq !== this.head + 1) this.size = 0
      this.ring[seq % this.capacity] = e
      this.head = seq
      this.size = Math.min(this.size + 1, this.capacity)
    }
  }

  /**
   * The events after `after` up to the last held that `room` may see, oldest first; undefined when
   * some of them are no longer held (or never were), and the log must be read instead.
   */
  after(after: number, room: string): IssueEventMessage[] | undefined {
    if (after > this.head || after < this.head - this.size) return undefined
    const out: IssueEventMessage[] = []
    for (let seq = after + 1; seq <= this.head; seq++) {
      const e = this.ring[seq % this.capacity]!
      if (e.rooms.includes(room)) out.push(e.message)
    }
    return out
  }
}
