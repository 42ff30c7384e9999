// Issue 15, "no browser security headers … Socket.IO accepts any Origin": the policy on every
// answer, framing only by FRAME_ANCESTORS, and sockets only from this server's own pages or
// ALLOWED_ORIGINS (a script without an Origin header is not a browser page, and may connect).
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../server/config.js'
import type { Db } from '../../server/db/client.js'
import { isAllowedOrigin, type ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { login } from './live-helpers.js'
import { connectTestDb } from './test-db.js'

let db: Db
let app: ServedApp
let framed: ServedApp
let token: string
const sockets: Socket[] = []
beforeAll(async () => {
  db = await connectTestDb()
  app = await serveOnLoopback(db, { allowedOrigins: ['https://hall.example.gov.cn'] })
  framed = await serveOnLoopback(db, { frameAncestors: ['https://bigscreen.example.gov.cn'] })
  token = await login(app.url, 'operator')
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await app.close()
  await framed.close()
  await db.close()
})

function connect(origin?: string): Promise<'connected' | string> {
  const socket = io(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token }, extraHeaders: origin ? { Origin: origin } : {} })
  sockets.push(socket)
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'))
    socket.once('connect_error', (err) => resolve(err.message))
  })
}

describe('security headers', () => {
  it('sends a same-origin policy, no referrer and no framing on every answer', async () => {
    for (const path of ['/api/config', '/api/health', '/tiles/areas/10/824/421.pbf', '/api/no-such-thing']) {
      const res = await fetch(app.url + path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("default-src 'self'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('strict-transport-security'), path).toBeNull()
    }
  })

  it('lets only the hosts FRAME_ANCESTORS names frame the pages', async () => {
    const res = await fetch(`${framed.url}/api/config`)
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://bigscreen.example.gov.cn')
    expect(res.headers.get('x-frame-options')).toBeNull()
    expect(readConfig({ FRAME_ANCESTORS: 'https://a.example, https://b.example:8443' }).frameAncestors).toEqual(['https://a.example', 'https://b.example:8443'])
    expect(() => readConfig({ FRAME_ANCESTORS: '*' })).toThrow(/FRAME_ANCESTORS/)
    expect(() => readConfig({ ALLOWED_ORIGINS: 'evil.example' })).toThrow(/ALLOWED_ORIGINS/)
  })
})

describe('socket origins', () => {
  it('refuses a page from another site, and takes its own pages, allowed origins and scripts', async () => {
    expect(await connect('https://evil.example')).not.toBe('connected')
    expect(await connect(app.url)).toBe('connected')
    expect(await connect('https://hall.example.gov.cn')).toBe('connected')
    expect(await connect()).toBe('connected')
  })

  it('decides by the Host the page asked', () => {
    expect(isAllowedOrigin('http://10.0.0.5:3000', '10.0.0.5:3000', [])).toBe(true)
    expect(isAllowedOrigin('https://gridpulse.gov.cn', 'gridpulse.gov.cn', [])).toBe(true)
    expect(isAllowedOrigin('http://10.0.0.5:3000', '10.0.0.6:3000', [])).toBe(false)
    expect(isAllowedOrigin(undefined, 'x', [])).toBe(true)
  })
})
