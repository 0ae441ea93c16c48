// Servers on 127.0.0.1 that play container registries for the doctor's tests: one that answers every
// request with a status, one that takes the connection and never answers, and a port where nothing listens.
// Each is closed, with its connections, when the test that made it ends.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Closes a server and every connection it still holds, when the test ends. */
function closeAfter(server: Server): void {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
}

/** A registry on loopback that answers every request with `status`, and the paths it was asked for. */
export async function registry(
  status: number,
  tls?: { key: string; cert: string },
): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    paths.push(`${request.method} ${request.url}`);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end('{}');
  };
  const server = tls ? createHttpsServer(tls, answer) : createHttpServer(answer);
  closeAfter(server);
  const port = await listening(server);
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, paths };
}

/** A server that takes the connection and never says a word. */
export async function silent(): Promise<string> {
  const server = createNetServer(() => {});
  closeAfter(server);
  return `http://127.0.0.1:${await listening(server)}`;
}

/** A loopback port where nothing listens. */
export async function closedPort(): Promise<string> {
  const server = createNetServer();
  const port = await listening(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
