// An HTTP server for an Express app whose requests and responses are born with the app's own
// prototypes (`app.request`, `app.response`), so the `Object.setPrototypeOf(req, app.request)` that
// Express makes on every request finds the prototype already in place and changes nothing.
//
// Why (stop 42, measured): a prototype changed on every request kept each request's objects alive
// through the young-generation collections that met them, and every such collection then copied
// and promoted them. Six thousand GETs one after another on a bare Express 5 app, Node 20: young
// collections of 7–45 ms with 5–19 MB surviving each and a full collection about every second;
// with the prototypes in place from the start, 0.5–1.7 ms with nothing surviving, and the 6,000
// requests took 1,440 instead of 1,896 ms. A plain `http` handler that sets a prototype the same
// way shows the same survivors; one that does not shows none. On the server's year the same
// collections were what made a grid's figures' p95 three times its p50 (README, *A city's year*).
import http from 'node:http'
import type { Socket } from 'node:net'
import type { Express } from 'express'

export function createExpressHttpServer(app: Express): http.Server {
  // Made by Reflect.construct with these as the new target: an object of Node's class (a function or
  // a class, whichever a Node version has) whose prototype is the app's.
  function Request(socket: Socket) {
    return Reflect.construct(http.IncomingMessage, [socket], Request)
  }
  Request.prototype = app.request
  function Response(req: http.IncomingMessage, options?: object) {
    return Reflect.construct(http.ServerResponse, [req, options], Response)
  }
  Response.prototype = app.response
  return http.createServer(
    { IncomingMessage: Request as unknown as typeof http.IncomingMessage, ServerResponse: Response as unknown as typeof http.ServerResponse },
    app,
  )
}
