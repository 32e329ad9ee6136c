// Child processes of the bench: start one server, wait until it answers, read its RSS, stop it.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';

/** A free loopback port (asks the kernel, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request on loopback; resolves with status and body (rejects on a socket error). */
export function httpRequest(port, { method = 'GET', path, headers = {}, body, timeoutMs = 5000 }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node <args>` and resolves once `GET readyPath` answers with any HTTP status. Standard
 * output goes to `stdoutFile` (appended; Tessera's request logs go to a file in the run's temp
 * folder, so that writing them costs what it costs in production) or else to /dev/null.
 */
export async function startServer({
  name,
  args,
  env,
  cwd,
  port,
  readyPath = '/',
  timeoutMs = 20_000,
  stdoutFile,
}) {
  const devNull = openSync(stdoutFile ?? '/dev/null', 'a');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', devNull, 'pipe'],
  });
  closeSync(devNull);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exitInfo;
  void exited.then((info) => (exitInfo = info));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo !== undefined) {
      throw new Error(
        `${name} exited (${exitInfo.code ?? exitInfo.signal}) before it was ready:\n${stderr}`,
      );
    }
    try {
      await httpRequest(port, { path: readyPath, timeoutMs: 1000 });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${stderr}`);
      }
      await sleep(5);
    }
  }
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    name,
    port,
    pid: child.pid,
    readyMs,
    stderr: () => stderr,
    /** Resident set size now, in MiB (from /proc; Linux only). */
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    /** CPU time of the process's main (JavaScript) thread so far, in µs (Linux schedstat). */
    mainThreadMicros() {
      const stat = readFileSync(`/proc/${child.pid}/task/${child.pid}/schedstat`, 'utf8');
      return Number(stat.split(' ')[0]) / 1000;
    },
    /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
    async stop() {
      if (exitInfo !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    exited,
  };
}
