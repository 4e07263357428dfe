import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on `port` (0 or none: a free one) at `host`, with keep-alive longer than any client's, and resolves with
 * the server's http:// URL. Every simulator starts this way.
 */
export async function listenLoopback(server: Server, port: number | undefined, host: string): Promise<string> {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A provider accepts thousands of connections at once; Node's default accept queue (511) would drop a burst.
    server.listen({ port: port ?? 0, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Answers with a TCP reset where Node can (`resetAndDestroy`), else closes the socket: the `reset` fault. */
export function resetSocket(req: IncomingMessage): void {
  const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
