// The live closures on a page without the issue feed (/plan): a Socket.IO connection that asks for
// no issue events (`feed: false`) and hands over each `closures` event (sent on connecting and after
// every change); it reconnects by itself. The console takes the same event on its issue feed.
import { io, type Socket } from 'socket.io-client'
import type { ClosuresResponse } from '../../core/wire/closures'
import type { ServerToClientEvents, SocketAuth } from '../../core/wire/issues'

export function connectClosureFeed({ token, onClosures }: { token: string; onClosures(figures: ClosuresResponse): void }): { close(): void } {
  const socket: Socket<ServerToClientEvents> = io({ auth: { token, feed: false } satisfies SocketAuth, transports: ['websocket'] })
  socket.on('closures', onClosures)
  return { close: () => socket.close() }
}
