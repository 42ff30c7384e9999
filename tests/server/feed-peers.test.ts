// A process that serves alone tells no one of its commits (on the PostgreSQL server each notice
// was a NOTIFY nobody read); with another process counted by the adapter it tells it of each
// turn's commits. Its own sockets are relayed the same either way.
import { setImmediate as nextTurn } from 'node:timers/promises'
import pino from 'pino'
import { Server } from 'socket.io'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssueEventMessage } from '../../core/wire/issues.js'
import type { Db } from '../../server/db/client.js'
import { watchPeers } from '../../server/realtime/cluster-adapter.js'
import { createIssueFeed } from '../../server/realtime/issue-feed.js'
import { connectTestDb } from './test-db.js'

let db: Db
beforeAll(async () => {
  db = await connectTestDb(2)
})
afterAll(async () => {
  await db?.close()
})

const log = pino({ level: 'silent' })

function eventOf(seq: number): IssueEventMessage {
  const at = new Date().toISOString()
  return {
    seq,
    event: { seq, issueId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, type: 'report', fromStatus: null, toStatus: 'reported', actor: 'worker', actorRole: 'grid_worker', note: null, data: {}, at },
    issue: { seq } as IssueEventMessage['issue'],
  }
}

describe('the feed and the other processes', () => {
  it('tells the others of its commits only while the adapter counts another process', async () => {
    const io = new Server()
    const notices: unknown[] = []
    io.serverSideEmit = ((_name: string, notice: unknown) => (notices.push(notice), true)) as never
    let peers = false
    const feed = createIssueFeed({ sql: db.sql, log, authenticate: async () => Promise.reject(new Error('no sockets here')), pollMs: 0, hasPeers: () => peers })
    await feed.attach(io as never)
    const head = feed.getRelayedSeq()
    feed.committed(eventOf(head + 1), ['all'])
    await nextTurn()
    await nextTurn()
    expect(notices).toEqual([])
    expect(feed.getRelayedSeq()).toBe(head + 1)

    peers = true
    feed.committed(eventOf(head + 2), ['all'])
    feed.committed(eventOf(head + 3), ['all'])
    await nextTurn()
    await nextTurn()
    // One notice for the turn, carrying both events.
    expect(notices).toHaveLength(1)
    expect((notices[0] as { events: { message: IssueEventMessage }[] }).events.map((e) => e.message.seq)).toEqual([head + 2, head + 3])
    expect(feed.getRelayedSeq()).toBe(head + 3)
    feed.close()
  })
})

describe('watchPeers', () => {
  it('counts others from the adapter, assumes them until its first answer and after a failed one', async () => {
    let answer: () => Promise<number> = () => new Promise(() => undefined)
    const io = { of: () => ({ adapter: { serverCount: () => answer() } }) }
    const peers = watchPeers(io as never, log, 10)
    // No answer yet: others assumed.
    expect(peers.hasPeers()).toBe(true)
    const until = async (want: boolean) => {
      for (let i = 0; i < 200 && peers.hasPeers() !== want; i++) await new Promise((r) => setTimeout(r, 10))
      return peers.hasPeers()
    }
    answer = () => Promise.resolve(1)
    expect(await until(false)).toBe(false)
    answer = () => Promise.resolve(2)
    expect(await until(true)).toBe(true)
    answer = () => Promise.resolve(1)
    expect(await until(false)).toBe(false)
    answer = () => Promise.reject(new Error('redis is away'))
    expect(await until(true)).toBe(true)
    peers.stop()
  })
})
