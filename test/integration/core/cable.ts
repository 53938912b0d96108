import net from 'node:net';

/**
 * A TCP cable between the client and the real API server that a test can unplug and plug back in on the
 * same port: the client sees connections refused and reset exactly as when the server goes away.
 */
export interface Cable {
  /** Base URL to give the client, e.g. http://127.0.0.1:40123 */
  url: string;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
}

export async function startCable(targetUrl: string): Promise<Cable> {
  const target = new URL(targetUrl);
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;

  function listen(): Promise<void> {
    const current = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server = current;
    return new Promise((resolve, reject) => {
      current.once('error', reject);
      current.listen(port, '127.0.0.1', () => {
        const address = current.address();
        if (typeof address === 'object' && address !== null) port = address.port;
        resolve();
      });
    });
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async unplug() {
      const current = server;
      server = null;
      for (const socket of open) socket.destroy();
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    plugIn: listen,
  };
}
