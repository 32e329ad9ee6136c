import type { ChildProcess } from 'node:child_process';
import { spawnCli, waitForOutput } from './run-cli.js';

/** One running `tessera serve` process. */
export interface Instance {
  readonly name: string;
  readonly base: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (its log lines are JSON). */
  output(): string;
}

/**
 * Starts `tessera serve` processes one after another (the first creates the keys the others
 * load) on ports the OS picks, all with `env` (one database, one Redis prefix).
 *
 * @example
 * ```ts
 * const [a, b, c] = await startInstances(['A', 'B', 'C'], { cwd, env });
 * await stopInstances([a, b, c]);
 * ```
 */
export async function startInstances(
  names: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Instance[]> {
  const started: Instance[] = [];
  try {
    for (const name of names) {
      const child = spawnCli(['serve'], { cwd: options.cwd, env: { ...options.env, PORT: '0' } });
      let printed = '';
      child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      started.push({ name, base: '', child, output: () => printed });
      const [, base = ''] = await waitForOutput(child, /listening on (http:\/\/[\d.:]+)/);
      started[started.length - 1] = { name, base, child, output: () => printed };
    }
    return started;
  } catch (error) {
    await stopInstances(started);
    throw error;
  }
}

/** Stops each instance (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(
    instances.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }),
  );
}

/** A JSON request to an instance; the status and the parsed body (or null). */
export async function call(
  instance: Instance,
  path: string,
  init: { method?: string; token?: string; cookie?: string; json?: unknown } = {},
): Promise<{ status: number; body: unknown; setCookie: string | null; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  if (init.cookie !== undefined) {
    headers['cookie'] = init.cookie;
    headers['x-tessera-csrf'] = '1';
  }
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${instance.base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return {
    status: response.status,
    body,
    setCookie: response.headers.get('set-cookie'),
    headers: response.headers,
  };
}

/** A login on `instance`: the access token and the refresh cookie (`tessera_rt=…`). */
export async function loginOn(
  instance: Instance,
  email: string,
  password: string,
): Promise<{ access: string; cookie: string }> {
  const response = await call(instance, '/api/auth/login', {
    method: 'POST',
    json: { email, password },
  });
  if (response.status !== 200) {
    throw new Error(
      `login on ${instance.name}: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return {
    access: (response.body as { access_token: string }).access_token,
    cookie: cookieOf(response.setCookie),
  };
}

/** `tessera_rt=<value>` from a `Set-Cookie` header. */
export function cookieOf(setCookie: string | null): string {
  const match = /tessera_rt=([^;]*)/.exec(setCookie ?? '');
  if (match === null) throw new Error(`no refresh cookie in ${String(setCookie)}`);
  return `tessera_rt=${match[1] ?? ''}`;
}

/** Polls `probe` until it returns `expected` or `timeoutMs` passes; the last value. */
export async function until<T>(probe: () => Promise<T>, expected: T, timeoutMs = 3000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let value = await probe();
  while (value !== expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    value = await probe();
  }
  return value;
}
