import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));
/** The application's resources (apps/api), from source like the CLI: scaffolded pages get their API. */
const API_MODULE = fileURLToPath(new URL('../../apps/api/src/index.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** A `tessera serve` child process on a free port with a temporary data folder. */
export interface ServedTessera {
  readonly baseUrl: string;
  /** The one-time setup link printed on the empty database. */
  readonly setupLink: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `tessera serve` (from source) on 127.0.0.1 with a port chosen by the OS, serving the
 * built web app and the application's resources (apps/api), and waits for its setup link.
 */
export async function serveTessera(env: Record<string, string> = {}): Promise<ServedTessera> {
  const folder = await mkdtemp(join(tmpdir(), 'tessera-e2e-'));
  const dataDir = join(folder, 'data');
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, 'serve'], {
    cwd: folder,
    env: {
      PATH: process.env['PATH'],
      PORT: '0',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_API_MODULE: API_MODULE,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const setupLink = await waitForLink(child);
    return {
      baseUrl: new URL(setupLink).origin,
      setupLink,
      dataDir,
      stop: async () => {
        await stopChild(child);
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(child);
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `tessera serve` on `http://localhost:<port>` (a free port, chosen first): WebAuthn refuses an
 * IP address as its RP ID, so the passkey tests (and the mailed links) use this name.
 */
export async function serveTesseraOnLocalhost(
  env: Record<string, string> = {},
): Promise<ServedTessera> {
  const port = await freePort();
  return serveTessera({
    PORT: String(port),
    TESSERA_PUBLIC_URL: `http://localhost:${port}`,
    ...env,
  });
}

/** A TCP port no one listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function waitForLink(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`tessera serve printed no setup link:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      // On the listening address, or on TESSERA_PUBLIC_URL when the test sets one.
      const match = /(https?:\/\/[\w.-]+:\d+\/setup\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited with ${String(code)}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
