import { createServer } from 'node:net';
import { UserError } from './errors.ts';

export function portFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** kind maps these host ports into the node; a taken one makes cluster creation fail late and obscurely. */
export async function requirePortsFree(ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    if (!(await portFree(port))) {
      throw new UserError(
        `port ${port} is in use on this machine and the lab maps it into the cluster; stop what listens there ("ss -ltnp 'sport = :${port}'") and run again`,
      );
    }
  }
}
