import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/client.js'
import { createExpressHttpServer } from '../../server/express-http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { login } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

describe('createExpressHttpServer', () => {
  const app = express()
  app.get('/echo', (req, res) => {
    res.set('x-seen-ip', req.ip ?? '').json({ q: req.query.q, path: req.path })
  })
  const server = createExpressHttpServer(app)
  /** What each request and response was born with, seen before Express touches them. */
  const born: { request: boolean; response: boolean; incoming: boolean }[] = []
  server.prependListener('request', (req, res) => {
    born.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response, incoming: req instanceof http.IncomingMessage })
  })
  let url = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("makes requests and responses with the app's prototypes, so Express changes none", async () => {
    const res = await fetch(`${url}/echo?q=%E5%9B%9B`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ q: '四', path: '/echo' })
    expect(res.headers.get('x-seen-ip')).toBe('127.0.0.1')
    expect(born.at(-1)).toEqual({ request: true, response: true, incoming: true })
  })

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${url}/echo?q=1`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })

  it('answers what no route takes as Express does', async () => {
    const res = await fetch(`${url}/nowhere`)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Cannot GET /nowhere')
    expect(born.at(-1)).toEqual({ request: true, response: true, incoming: true })
  })
})

describe("the app's own server", () => {
  let db: Db
  beforeAll(async () => {
    db = await connectTestDb()
  })
  afterAll(() => db.close())

  it("is made so, and its sockets still connect through it", async () => {
    const served = await serveOnLoopback(db, {})
    try {
      const seen: boolean[] = []
      served.httpServer.prependListener('request', (req, res) => seen.push(Object.getPrototypeOf(req) === served.app.request && Object.getPrototypeOf(res) === served.app.response))
      const health = await fetch(`${served.url}/api/health`)
      expect(health.status).toBe(200)
      expect(seen).toEqual([true])
      const token = await login(served.url, 'operator')
      const socket = io(served.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } })
      try {
        expect(await new Promise((resolve) => (socket.once('connect', () => resolve('connected')), socket.once('connect_error', (e) => resolve(e.message))))).toBe('connected')
      } finally {
        socket.close()
      }
    } finally {
      await served.close()
    }
  })
})
