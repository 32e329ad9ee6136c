import { createServer, connect, type Server, type Socket } from 'node:net';

/** A loopback TCP proxy a test can cut and restore (to make a server unreachable mid-run). */
export interface TcpProxy {
  readonly port: number;
  /** Refuses new connections and resets every open one (the server is gone). */
  cut(): Promise<void>;
  /** Resets every open connection, then accepts new ones but forwards nothing (the server hangs). */
  blackhole(): Promise<void>;
  /** Forwards again, on the same port (connections held by the black hole are reset). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port to `targetPort` on 127.0.0.1.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy(5432);
 * await proxy.cut(); // PostgreSQL unreachable
 * await proxy.restore(); // and back
 * ```
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let mode: 'forward' | 'blackhole' = 'forward';
  let server: Server | undefined;
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const next = createServer((client) => {
        open.add(client);
        client.on('close', () => open.delete(client));
        client.on('error', () => client.destroy());
        if (mode === 'blackhole') return;
        const upstream = connect({ host: '127.0.0.1', port: targetPort });
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        const address = next.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
      if (server === undefined) return resolve();
      const closing = server;
      server = undefined;
      closing.close(() => resolve());
    });
  const port = await listen(0);
  return {
    port,
    cut: stop,
    blackhole: async () => {
      await stop();
      mode = 'blackhole';
      await listen(port);
    },
    restore: async () => {
      if (mode === 'blackhole') await stop();
      mode = 'forward';
      if (server === undefined) await listen(port);
    },
    close: stop,
  };
}
