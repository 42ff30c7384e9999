// The wall's remote control: the Socket.IO namespace `/wall`. Every wall has a room — its wall
// token, or the user signed in on it — with the screens in one half and the remotes in the
// other. A remote's command (checked here) goes to the wall's screens, wherever they are
// connected (the adapter carries it between processes); a screen's state goes to the remotes.
import type { Logger } from 'pino'
import type { Namespace, Server, Socket } from 'socket.io'
import { wallCommandSchema, type WallClientToServerEvents, type WallServerToClientEvents, type WallSocketAuth, type WallState } from '../../core/wire/wall.js'
import type { VerifiedToken } from './issue-feed.js'
import { authenticateSocket } from './socket-auth.js'

interface WallSocketData {
  wall: string
  /** The wall's own area: a remote may drill only into it and below. */
  area: string
  as: 'screen' | 'remote'
  wallTokenId?: string
}
type WallNamespace = Namespace<WallClientToServerEvents, WallServerToClientEvents, Record<string, never>, WallSocketData>
type WallSocket = Socket<WallClientToServerEvents, WallServerToClientEvents, Record<string, never>, WallSocketData>

/** A state a screen may send: bounded, so a remote is never sent something huge. */
const MAX_STATE_BYTES = 64_000

export const screensRoom = (wall: string) => `wall:${wall}:screens`
export const remotesRoom = (wall: string) => `wall:${wall}:remotes`

/** The wall a session drives: its wall token, or the signed-in user's own wall. */
export function getWallId(token: Pick<VerifiedToken, 'username' | 'wallTokenId'>): string {
  return token.wallTokenId ? `token:${token.wallTokenId}` : `user:${token.username}`
}

export function attachWallRemote(io: Server, { authenticate, log }: { authenticate(token: string): Promise<VerifiedToken>; log: Logger }) {
  const nsp = io.of('/wall') as unknown as WallNamespace

  nsp.use((socket, next) => {
    const { token, as } = socket.handshake.auth as Partial<WallSocketAuth>
    if (token && as !== 'screen' && as !== 'remote') return next(new Error("bad request: as must be 'screen' or 'remote'"))
    authenticateSocket(
      socket as unknown as Socket,
      authenticate,
      (claims) => {
        socket.data = { wall: getWallId(claims), area: claims.area, as: as!, wallTokenId: claims.wallTokenId }
      },
      next,
    )
  })

  const countScreens = async (wall: string) => (await nsp.in(screensRoom(wall)).fetchSockets()).length
  const tellScreenCount = (wall: string) =>
    countScreens(wall).then(
      (n) => nsp.to(remotesRoom(wall)).emit('wall:screens', n),
      (err: Error) => log.warn({ err }, 'could not count wall screens'),
    )

  nsp.on('connection', (socket: WallSocket) => {
    const { wall, as } = socket.data
    if (as === 'screen') {
      void socket.join(screensRoom(wall))
      void tellScreenCount(wall)
      socket.on('disconnect', () => void tellScreenCount(wall))
      socket.on('wall:state', (state: WallState) => {
        if (!state || typeof state !== 'object' || JSON.stringify(state).length > MAX_STATE_BYTES) return
        nsp.to(remotesRoom(wall)).emit('wall:state', state)
      })
      return
    }
    void socket.join(remotesRoom(wall))
    nsp.to(screensRoom(wall)).emit('wall:sync')
    void countScreens(wall).then((n) => socket.emit('wall:screens', n), () => undefined)
    socket.on('wall:command', (raw, ack) => {
      const parsed = wallCommandSchema.safeParse(raw)
      const reply = typeof ack === 'function' ? ack : () => undefined
      if (!parsed.success) return reply({ ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ') })
      // Area codes nest by prefix (street 520602007, its communities 520602007001…, their grids …-G01).
      if (parsed.data.type === 'drill' && !parsed.data.area.startsWith(socket.data.area)) {
        return reply({ ok: false, error: `area: ${parsed.data.area} is outside this wall's area (${socket.data.area})` })
      }
      nsp.to(screensRoom(wall)).emit('wall:command', parsed.data)
      countScreens(wall).then(
        (screens) => reply({ ok: true, screens }),
        () => reply({ ok: true, screens: 0 }),
      )
    })
  })

  return {
    /** Ends the wall sockets of a revoked wall token, in every process. */
    disconnectWallToken(id: string): void {
      nsp.fetchSockets().then(
        (sockets) => {
          for (const s of sockets) if (s.data.wallTokenId === id) s.disconnect(true)
        },
        (err: Error) => log.warn({ err }, 'could not disconnect a revoked wall token'),
      )
    },
  }
}
