import { request as httpRequest, Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendAndAwaitClose } from '../support/raw-socket.js';
import { startTestApp } from '../support/test-app.js';

/** The `Keep-Alive` header of `GET /api/health` from a listening app. */
async function keepAliveHeader(port: number): Promise<string | undefined> {
  const agent = new Agent({ keepAlive: true });
  try {
    return await new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers['keep-alive']?.toString()));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    agent.destroy();
  }
}

/**
 * Idle keep-alive connections outlast the proxies in front (their idle timeout is 60 s on the
 * common load balancers), as Fastify's own servers do: Node's default of 5 s made a proxy reuse
 * connections the server was closing.
 */
describe('keep-alive connections', () => {
  it('are kept 72 s by default, as the Keep-Alive header says', async () => {
    const t = await startTestApp('sqlite');
    try {
      const { port } = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
      expect(await keepAliveHeader(Number(port))).toBe('timeout=72');
    } finally {
      await t.dispose();
    }
  });

  it('follow TESSERA_KEEP_ALIVE_TIMEOUT: an idle connection is closed by the server once it has passed', async () => {
    const t = await startTestApp('sqlite', { config: { keepAliveTimeoutSeconds: 1 } });
    try {
      const { port } = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
      expect(await keepAliveHeader(Number(port))).toBe('timeout=1');
      // One request, then silence: the server, not this test's 10 s guard, must close the socket.
      const outcome = await sendAndAwaitClose(
        Number(port),
        'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      expect(outcome.received.startsWith('HTTP/1.1 200')).toBe(true);
      expect(outcome.closedByServer).toBe(true);
    } finally {
      await t.dispose();
    }
  });

  it('do not hold a shutdown: closing the app ends an idle keep-alive connection at once', async () => {
    const t = await startTestApp('sqlite');
    try {
      const { port } = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
      let closing: Promise<void> | undefined;
      // The answer arrives, the connection stays open and idle; then the app closes. The server,
      // not this test's 10 s guard (well under the 72 s keep-alive), must end the connection.
      const outcome = await sendAndAwaitClose(
        Number(port),
        'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n',
        {
          onReceived: (received) => {
            if (closing === undefined && received.endsWith('}')) closing = t.app.close();
          },
        },
      );
      await closing;
      expect(outcome.received).toMatch(/^HTTP\/1\.1 200[\s\S]*keep-alive: timeout=72/i);
      expect(outcome.closedByServer).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});
