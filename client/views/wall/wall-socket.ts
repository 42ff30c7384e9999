// The `/wall` namespace from the browser: a screen listens for commands (and for remotes asking
// for its state) and sends its state; a remote sends commands and shows the state. WebSocket
// only, on its own connection (not multiplexed with the issue feed's), reconnecting by itself; a
// refused token is reported once and not retried.
import { io, type Socket } from 'socket.io-client'
import type { WallClientToServerEvents, WallCommand, WallCommandAck, WallServerToClientEvents, WallSocketAuth, WallState } from '../../../core/wire/wall'

export type WallSocketStatus = 'connecting' | 'live' | 'reconnecting' | 'refused'

export interface WallSocketOptions {
  token: string
  as: WallSocketAuth['as']
  onStatus(status: WallSocketStatus): void
  onCommand?(command: WallCommand): void
  onSync?(): void
  onState?(state: WallState): void
  onScreens?(count: number): void
}

export interface WallSocket {
  command(command: WallCommand): Promise<WallCommandAck>
  sendState(state: WallState): void
  close(): void
}

export function connectWallSocket(o: WallSocketOptions): WallSocket {
  const auth: WallSocketAuth = { token: o.token, as: o.as }
  const socket: Socket<WallServerToClientEvents, WallClientToServerEvents> = io('/wall', { auth, transports: ['websocket'], forceNew: true })
  o.onStatus('connecting')
  socket.on('connect', () => o.onStatus('live'))
  socket.on('disconnect', (reason) => o.onStatus(reason === 'io server disconnect' ? 'refused' : 'reconnecting'))
  socket.on('connect_error', (err) => {
    if (err.message.startsWith('unauthorized')) {
      o.onStatus('refused')
      socket.close()
    } else o.onStatus('reconnecting')
  })
  if (o.onCommand) socket.on('wall:command', o.onCommand)
  if (o.onSync) socket.on('wall:sync', o.onSync)
  if (o.onState) socket.on('wall:state', o.onState)
  if (o.onScreens) socket.on('wall:screens', o.onScreens)
  return {
    command: (command) =>
      new Promise((resolve) => {
        if (!socket.connected) return resolve({ ok: false, error: 'not connected' })
        const timed = socket.timeout(5_000) as unknown as { emit(event: string, ...args: unknown[]): void }
        timed.emit('wall:command', command, (err: Error | null, ack: WallCommandAck) => resolve(err ? { ok: false, error: 'no answer' } : ack))
      }),
    sendState: (state) => {
      if (socket.connected) socket.emit('wall:state', state)
    },
    close: () => socket.close(),
  }
}
