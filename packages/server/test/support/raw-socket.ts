import { connect } from 'node:net';

/** What a raw connection received, and whether the server (not the test's guard) closed it. */
export interface RawSocketOutcome {
  readonly received: string;
  readonly closedByServer: boolean;
}

/**
 * Opens a TCP connection to `port` on loopback, writes `sent` once, then waits for the socket to
 * close. After `guardMs` the test gives up and closes it itself (`closedByServer: false`), so a
 * server that never closes fails the test instead of hanging it. `onReceived` is told what has
 * arrived so far, after each chunk.
 */
export function sendAndAwaitClose(
  port: number,
  sent: string,
  {
    guardMs = 10_000,
    onReceived,
  }: { guardMs?: number; onReceived?: (received: string) => void } = {},
): Promise<RawSocketOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(sent));
    let received = '';
    let guard = false;
    const timer = setTimeout(() => {
      guard = true;
      socket.destroy();
    }, guardMs);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      onReceived?.(received);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closedByServer: !guard });
    });
  });
}
