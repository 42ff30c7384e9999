// The live feed across real server processes, each forked on its own (scripts/lib/server-process.ts):
// on a PostgreSQL server, two processes sharing the feed through each adapter (Postgres always,
// Redis Streams when REDIS_URL is set), a report posted to either reaching the clients of both,
// and one of the two killed with SIGKILL mid-stream: its clients move to the other with `since`
// and end with every event exactly once, in order. On the embedded engine, whose data folder
// belongs to one process, that process is killed mid-stream and started again on the same folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { NewIssueRequest } from '../../core/wire/issues.js'
import { startServerProcess, type ServerProcess, type ServerProcessConfig } from '../../scripts/lib/server-process.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { connectClient, login, newReport, postJson, type RecordingClient } from './live-helpers.js'
import { connectTestDb } from './test-db.js'
import { TEST_PASSWORD } from './global-setup.js'

const started: ServerProcess[] = []
const clients: RecordingClient[] = []
/** Watchers move to another server only while a test runs, not when its servers are closed after it. */
let watching = false
beforeEach(() => {
  watching = true
})
afterEach(async () => {
  watching = false
  for (const c of clients.splice(0)) c.close()
  await Promise.all(started.splice(0).map((s) => s.close()))
})

async function start(config: ServerProcessConfig): Promise<ServerProcess> {
  const s = await startServerProcess(config)
  started.push(s)
  return s
}

/**
 * A watching client that, when its server goes away, connects to the next URL with `since` = the
 * last seq it holds (what a browser does through a load balancer); its events accumulate across
 * connections.
 */
function watch(urls: string[], token: string, since: number): { events: () => { seq: number; issueId: string }[]; moved: () => number; ready: Promise<unknown> } {
  const all: { seq: number; issueId: string }[] = []
  let moved = 0
  let last = since
  let current: RecordingClient
  const open = (i: number): RecordingClient => {
    const c = connectClient(urls[i % urls.length], token, last)
    // A refused attempt is retried below, not a failure.
    c.replayDone.catch(() => undefined)
    clients.push(c)
    let taken = 0
    const take = () => {
      for (const e of c.events.slice(taken)) {
        all.push({ seq: e.seq, issueId: e.issue.id })
        last = Math.max(last, e.seq)
      }
      taken = c.events.length
    }
    c.socket.on('issue:events', take)
    c.socket.on('disconnect', () => {
      take()
      if (!watching) return
      moved++
      // The next server may take a moment to accept: try until it does.
      const retry = (k: number) => {
        current = open(i + k)
        current.socket.once('connect_error', () => watching && setTimeout(() => watching && retry(k + 1), 100))
      }
      retry(1)
    })
    return c
  }
  current = open(0)
  return { events: () => all, moved: () => moved, ready: current.replayDone }
}

/** Posts a report to the servers in turn, sending it again (same id) to the next when one is gone. */
async function postAnywhere(urls: string[], token: string, body: NewIssueRequest, first: number): Promise<number> {
  for (let k = 0; k < 20; k++) {
    try {
      const r = await postJson(urls[(first + k) % urls.length], '/api/issues', token, body)
      if (r.status === 201 || r.status === 200) return r.body.issue.seq
      throw new Error(`POST ${r.status}`)
    } catch (err) {
      if ((err as Error).message.startsWith('POST')) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error('no server took the report')
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Every seq of [from, to] once, in increasing order. */
function expectExactlyOnceInOrder(events: { seq: number }[], from: number, to: number, label: string) {
  const seqs = events.map((e) => e.seq)
  expect(seqs, label).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i))
}

const adapters = ['postgres', ...(process.env.REDIS_URL ? ['redis'] : [])]

describe.runIf(inject('dbEngine') === 'server').each(adapters)('two server processes on one PostgreSQL (%s adapter)', (adapter) => {
  const config = (): ServerProcessConfig => ({
    databaseUrl: inject('databaseUrl'),
    dataDir: '',
    redisUrl: adapter === 'redis' ? process.env.REDIS_URL : undefined,
  })

  it('delivers every report, posted to either, to the clients of both, once each and in order', async () => {
    const [a, b] = await Promise.all([start(config()), start(config())])
    expect([a.adapter, b.adapter]).toEqual([adapter, adapter])
    const [operator, worker] = await Promise.all([login(a.url, 'operator'), login(a.url, 'worker')])
    const since = (await a.stats()).headSeq
    const watchers = [watch([a.url, b.url], operator, since), watch([b.url, a.url], operator, since)]
    await Promise.all(watchers.map((w) => w.ready))
    const seqs = await Promise.all(Array.from({ length: 40 }, (_, i) => postAnywhere([a.url, b.url], worker, newReport(), i)))
    const last = Math.max(...seqs)
    for (const w of watchers) await until(() => w.events().length >= 40, '40 events on each client')
    for (const [i, w] of watchers.entries()) expectExactlyOnceInOrder(w.events(), since + 1, last, `client of process ${i + 1}`)
  })

  it('loses nothing when one of the two is killed with SIGKILL mid-stream: its clients move to the other and replay', async () => {
    const [a, b] = await Promise.all([start(config()), start(config())])
    const [operator, worker] = await Promise.all([login(a.url, 'operator'), login(a.url, 'worker')])
    const since = (await a.stats()).headSeq
    // Half the clients on each process.
    const watchers = Array.from({ length: 6 }, (_, i) => watch(i % 2 ? [b.url, a.url] : [a.url, b.url], operator, since))
    await Promise.all(watchers.map((w) => w.ready))
    const seqs: Promise<number>[] = []
    for (let i = 0; i < 60; i++) {
      seqs.push(postAnywhere([a.url, b.url], worker, newReport(), i))
      if (i === 20) await b.kill()
      await new Promise((r) => setTimeout(r, 10))
    }
    const last = Math.max(...(await Promise.all(seqs)))
    for (const w of watchers) await until(() => w.events().length >= 60, '60 events on each client')
    await new Promise((r) => setTimeout(r, 300))
    for (const [i, w] of watchers.entries()) expectExactlyOnceInOrder(w.events(), since + 1, last, `client ${i}`)
    // The clients of the killed process moved.
    expect(watchers.filter((_, i) => i % 2).every((w) => w.moved() >= 1)).toBe(true)
  })
})

describe.runIf(inject('dbEngine') === 'server')('a Redis that cannot be reached', () => {
  it('stops the server at start with an error naming REDIS_URL, instead of waiting in silence', async () => {
    const db = await connectTestDb(2)
    try {
      await expect(serveOnLoopback(db, { databaseUrl: inject('databaseUrl'), redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/REDIS_URL/)
    } finally {
      await db.close()
    }
  })
})

describe.runIf(inject('dbEngine') === 'embedded')('the embedded engine killed with SIGKILL', () => {
  it('keeps every committed report and replays it once, in order, after a restart on the same folder', { timeout: 300_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-kill-'))
    try {
      const first = await start({ dataDir, seedWithPassword: TEST_PASSWORD })
      const [operator, worker] = await Promise.all([login(first.url, 'operator'), login(first.url, 'worker')])
      const since = (await first.stats()).headSeq
      const before = connectClient(first.url, operator, since)
      clients.push(before)
      await before.replayDone
      const acknowledged: number[] = []
      let killed = false
      const posting = (async () => {
        for (let i = 0; i < 200 && !killed; i++) {
          const r = await postJson(first.url, '/api/issues', worker, newReport()).catch(() => undefined)
          if (r?.status === 201) acknowledged.push(r.body.issue.seq)
        }
      })()
      await until(() => acknowledged.length >= 20, '20 acknowledged reports')
      killed = true
      await first.kill()
      await posting
      // Everything acknowledged survived; the restarted process replays from the folder what the client missed.
      const second = await start({ dataDir })
      const last = (await second.stats()).headSeq
      expect(last).toBeGreaterThanOrEqual(Math.max(...acknowledged))
      const held = before.events.map((e) => e.seq)
      const back = connectClient(second.url, operator, held.at(-1) ?? since)
      clients.push(back)
      await back.replayDone
      const all = [...before.events, ...back.events]
      expectExactlyOnceInOrder(all, since + 1, last, 'the client across the kill')
    } finally {
      await Promise.all(started.splice(0).map((s) => s.close()))
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
