import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExpressHttpServer } from '../../server/express-http-server.js'

describe('createExpressHttpServer', () => {
  const app = express()
  app.get('/echo', (req, res) => {
    res.set('x-seen-ip', req.ip ?? '').json({ q: req.query.q, path: req.path, proto: Object.getPrototypeOf(req) === app.request })
  })
  const server = createExpressHttpServer(app)
  /** What each request and response was born with, seen before Express touches them. */
  const born: { request: boolean; response: boolean; incoming: boolean }[] = []
  server.prependListener('request', (req, res) => {
    born.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response, incoming: req instanceof Object.getPrototypeOf(app.request).constructor })
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
    expect(await res.json()).toEqual({ q: '四', path: '/echo', proto: true })
    expect(res.headers.get('x-seen-ip')).toBe('127.0.0.1')
    expect(born.at(-1)).toEqual({ request: true, response: true, incoming: true })
  })

  it('answers what no route takes as Express does', async () => {
    const res = await fetch(`${url}/nowhere`)
    expect(res.status).toBe(404)
    expect(born.at(-1)?.request).toBe(true)
  })
})
