// Configuration: defaults that start on a fresh machine, and a clear error naming each bad variable.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../server/config.js'
import { startEmbeddedPostgres } from '../../server/db/embedded/start-embedded.js'
import { openDb } from '../../server/db/client.js'
import { readEmbeddedSharedBuffers } from '../../server/db/embedded/shared-buffers.js'
import { readParallelWorkers } from '../../server/db/parallel-workers.js'

describe('readConfig', () => {
  it('defaults to the embedded database on 127.0.0.1:3000 with no basemap', () => {
    const c = readConfig({})
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, seedDemo: true, basemap: { kind: 'none' } })
    expect(c.dataDir).toBe(path.resolve('.data'))
  })

  it('names every bad variable', () => {
    expect(() => readConfig({ PORT: 'eighty', BASEMAP: 'google' })).toThrow(/PORT:[\s\S]*BASEMAP:/)
  })

  it('requires the key or URL that a basemap needs', () => {
    expect(() => readConfig({ BASEMAP: 'tianditu' })).toThrow(/TIANDITU_KEY: required/)
    expect(() => readConfig({ BASEMAP: 'style' })).toThrow(/BASEMAP_STYLE_URL: required/)
    expect(readConfig({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k' }).basemap).toEqual({ kind: 'tianditu', key: 'k' })
  })
})

describe('EMBEDDED_SHARED_BUFFERS', () => {
  it('takes a size from 128kB to 1GB and refuses anything else, for the server and for every other starter of the engine', () => {
    expect(readConfig({}).embeddedSharedBuffers).toBeUndefined()
    expect(readConfig({ EMBEDDED_SHARED_BUFFERS: '1GB' }).embeddedSharedBuffers).toBe('1GB')
    expect(readConfig({ EMBEDDED_SHARED_BUFFERS: '128kB' }).embeddedSharedBuffers).toBe('128kB')
    for (const bad of ['512', '512mb', '0MB', '-1GB', 'lots', '64kB', '2GB', '1025MB']) {
      expect(() => readConfig({ EMBEDDED_SHARED_BUFFERS: bad }), bad).toThrow(/EMBEDDED_SHARED_BUFFERS: a size from 128kB to 1GB/)
      expect(() => readEmbeddedSharedBuffers({ EMBEDDED_SHARED_BUFFERS: bad }), bad).toThrow(/EMBEDDED_SHARED_BUFFERS: a size from 128kB to 1GB/)
    }
    expect(readEmbeddedSharedBuffers({})).toBe('512MB')
    expect(readEmbeddedSharedBuffers({ EMBEDDED_SHARED_BUFFERS: '256MB' })).toBe('256MB')
  })
})

describe('DATABASE_PARALLEL_WORKERS', () => {
  it('takes a whole number from 0 to 64 and refuses anything else, for the server and for every other opener of a connection', () => {
    expect(readConfig({}).parallelWorkers).toBeUndefined()
    expect(readConfig({ DATABASE_PARALLEL_WORKERS: '0' }).parallelWorkers).toBe(0)
    expect(readConfig({ DATABASE_PARALLEL_WORKERS: ' 64 ' }).parallelWorkers).toBe(64)
    for (const bad of ['-1', '65', '2.5', 'two', '1e1', '100']) {
      expect(() => readConfig({ DATABASE_PARALLEL_WORKERS: bad }), bad).toThrow(/DATABASE_PARALLEL_WORKERS: a whole number from 0 to 64/)
      expect(() => readParallelWorkers({ DATABASE_PARALLEL_WORKERS: bad }), bad).toThrow(/DATABASE_PARALLEL_WORKERS: a whole number from 0 to 64/)
    }
    expect(readParallelWorkers({})).toBe(0)
    expect(readParallelWorkers({ DATABASE_PARALLEL_WORKERS: '4' })).toBe(4)
  })
})

describe('TRUST_PROXY', () => {
  it('trusts no proxy header by default, and a hop count or the named proxies when set', () => {
    expect(readConfig({}).trustProxy).toBe(false)
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(readConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback'])
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: a number of proxy hops/)
    expect(() => readConfig({ TRUST_PROXY: 'nginx.local' })).toThrow(/TRUST_PROXY/)
  })
})

describe('the embedded database', () => {
  it('refuses a data folder another live process holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-lock-'))
    fs.writeFileSync(path.join(dir, 'gridpulse.lock'), String(process.ppid))
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(`in use by process ${process.ppid}`)
    expect(fs.readFileSync(path.join(dir, 'gridpulse.lock'), 'utf8')).toBe(String(process.ppid))
  })

  it('refuses a data folder this process already holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-lock-'))
    fs.writeFileSync(path.join(dir, 'gridpulse.lock'), String(process.pid))
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow('in use by this process already')
  })

  it('starts with the shared buffers it is given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-buffers-'))
    const db = await openDb({ dataDir: dir, embeddedSharedBuffers: '64MB', migrate: false })
    try {
      expect((await db.sql<{ shared_buffers: string }[]>`SHOW shared_buffers`)[0].shared_buffers).toBe('64MB')
    } finally {
      await db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
