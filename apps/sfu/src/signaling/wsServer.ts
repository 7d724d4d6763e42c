import type { IncomingMessage, Server } from 'node:http';
import { CLOSE_CODES } from '@huddle/shared';
import { WebSocketServer } from 'ws';
import { clientAddress } from '../http/clientAddress.js';
import { SignalingConnection, type ConnectionDeps } from './connection.js';
import { WsFrameSocket } from './frameSocket.js';

export const SIGNALING_PATH = '/ws';

/** Hard cap per frame at the socket layer; the protocol's own (smaller) limit answers with FRAME_TOO_LARGE. */
const SOCKET_MAX_PAYLOAD = 1_048_576;

export type SignalingServer = {
  readonly connections: number;
  /** Closes every socket with `code` (clients see why) and stops the server. */
  close(code?: number): void;
};

/**
 * WebSocket signaling on the HTTP server's `/ws`, with a ping/pong heartbeat that drops dead sockets, and the
 * connection limits: `signaling.maxConnections` in all and `signaling.maxConnectionsPerIp` per client address
 * (past them a socket gets one TOO_MANY_CONNECTIONS error frame and is closed with 1013).
 */
export function startSignaling(server: Server, deps: ConnectionDeps): SignalingServer {
  const { maxConnections, maxConnectionsPerIp, heartbeatIntervalMs } = deps.config.signaling;
  // UTF-8 is checked per frame by the connection (a bad frame gets INVALID_FRAME), not by ws (it would close the socket).
  const wss = new WebSocketServer({
    server,
    path: SIGNALING_PATH,
    maxPayload: SOCKET_MAX_PAYLOAD,
    skipUTF8Validation: true,
  });
  const connections = new Set<SignalingConnection>();
  const perAddress = new Map<string, number>();
  let nextConnection = 1;
  let closed = false;

  const admitted = (address: string): string | undefined => {
    if (connections.size >= maxConnections) return `this server has ${maxConnections} connections open; try later`;
    if ((perAddress.get(address) ?? 0) >= maxConnectionsPerIp) {
      return `${maxConnectionsPerIp} connections are open from your address already`;
    }
    return undefined;
  };

  wss.on('connection', (socket, request: IncomingMessage) => {
    const address = clientAddress(request, deps.config.http.trustProxy);
    const log = deps.log.child({ conn: nextConnection++ });
    const connection = new SignalingConnection(new WsFrameSocket(socket), deps, log, address);
    const refusal = admitted(address);
    if (refusal !== undefined) {
      log.warn({ remote: address }, 'signaling socket refused: too many connections');
      connection.refuse({ code: 'TOO_MANY_CONNECTIONS', message: refusal }, CLOSE_CODES.tooManyConnections);
      return;
    }
    connections.add(connection);
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    socket.once('close', (code) => {
      connections.delete(connection);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
      log.debug({ code }, 'signaling socket closed');
    });
    log.debug({ remote: address }, 'signaling socket opened');
  });
  wss.on('error', (error) => deps.log.error({ err: error }, 'signaling server error'));

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.ping()) connection.terminate();
    }
  }, heartbeatIntervalMs);

  return {
    get connections() {
      return connections.size;
    },
    close(code = CLOSE_CODES.serverShutdown) {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const connection of connections) connection.shutDown(code);
      wss.close();
    },
  };
}
