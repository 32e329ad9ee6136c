// Load generators: wrk (Debian's `wrk`, µs latency resolution, little CPU) when it is on the PATH,
// else autocannon from the bench's own manifest (1 ms latency resolution, one JS thread).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/**
 * Longest answer wrk (and autocannon) waits for before counting a timeout (an error, which stops the run): the
 * 10 000-user search route answers in 4 s at p99 on a loaded machine, for the peers as well.
 */
const WRK_TIMEOUT_SECONDS = 15;

/** `wrk` when available (and not refused with `BENCH_LOADER=autocannon`), else `autocannon`. */
export function pickLoader(requested) {
  const wanted = requested ?? process.env.BENCH_LOADER;
  if (wanted === 'autocannon') return 'autocannon';
  let hasWrk = false;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    hasWrk = true;
  } catch (error) {
    // wrk --version prints its banner and exits 1; only a missing binary is ENOENT
    hasWrk = error?.code !== 'ENOENT';
  }
  if (wanted === 'wrk' && !hasWrk)
    throw new Error('--loader wrk: wrk is not installed (apt-get install -y wrk)');
  return hasWrk ? 'wrk' : 'autocannon';
}

function luaString(value) {
  return JSON.stringify(value); // a JSON string literal is a valid Lua string literal here (ASCII)
}

/**
 * Refresh-token chaining: each request takes a token from the pool and sends it as
 * `{"refresh_token": …}`; each 200 answer puts the rotated `refresh_token` back. `done` prints
 * the pool left (tokens in flight when wrk stops are lost: the harness tops the pool up).
 */
function tokenPoolLines(tokens) {
  return [
    `pool = {${tokens.map(luaString).join(', ')}}`,
    'threads = {}',
    'setup = function(thread) table.insert(threads, thread) end',
    'request = function()',
    '  local token = table.remove(pool) or "none"',
    '  return wrk.format(nil, nil, nil, \'{"refresh_token":"\' .. token .. \'"}\')',
    'end',
    'response = function(status, headers, body)',
    '  if status == 200 then',
    '    local token = string.match(body, \'"refresh_token":"([%w_%-]+)"\')',
    '    if token then table.insert(pool, token) end',
    '  end',
    'end',
  ];
}

/** The wrk script: method, headers and body (or a token pool), and a `done` printing JSON. */
function wrkScript({ method, headers, body, tokenPool }) {
  const lines = [`wrk.method = ${luaString(method)}`];
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  if (body !== undefined) lines.push(`wrk.body = ${luaString(body)}`);
  if (tokenPool !== undefined) lines.push(...tokenPoolLines(tokenPool));
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'BENCH_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\\n\',',
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99), latency.max))',
    tokenPool === undefined
      ? ''
      : '  io.write("BENCH_TOKENS " .. table.concat(threads[1]:get("pool"), ",") .. "\\n")',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

async function runWrk(options) {
  const { port, path: urlPath, method, headers, body, seconds, connections, tokenPool } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-wrk-'));
  try {
    const script = path.join(dir, 'load.lua');
    writeFileSync(script, wrkScript({ method, headers, body, tokenPool }));
    const { stdout } = await run(
      'wrk',
      [
        '-t1',
        `-c${connections}`,
        `-d${seconds}s`,
        '--timeout',
        `${WRK_TIMEOUT_SECONDS}s`,
        '-s',
        script,
        `http://127.0.0.1:${port}${urlPath}`,
      ],
      { timeout: (seconds + 30) * 1000, maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
    if (line === undefined) throw new Error(`wrk printed no summary:\n${stdout}`);
    const r = JSON.parse(line.slice('BENCH_JSON '.length));
    const elapsed = r.duration_us / 1e6;
    return {
      requests: r.requests,
      rps: r.requests / elapsed,
      p50Ms: r.p50_us / 1000,
      p99Ms: r.p99_us / 1000,
      maxMs: r.max_us / 1000,
      bad: r.status,
      errors: r.connect + r.read + r.write + r.timeout,
      tokens: stdout
        .split('\n')
        .find((l) => l.startsWith('BENCH_TOKENS '))
        ?.slice('BENCH_TOKENS '.length)
        .split(',')
        .filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let autocannonModule;
async function runAutocannon(options) {
  const { port, path: urlPath, method, headers, body, seconds, connections } = options;
  if (options.tokenPool !== undefined) throw new Error('refresh chaining needs wrk');
  autocannonModule ??= (await import('autocannon')).default;
  const result = await autocannonModule({
    url: `http://127.0.0.1:${port}${urlPath}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections,
    duration: seconds,
    timeout: WRK_TIMEOUT_SECONDS,
  });
  const elapsed = result.duration; // seconds (float)
  const total = result.requests.total;
  return {
    requests: total,
    rps: total / elapsed,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    bad: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * One bounded, closed-loop load run: `connections` keep-alive connections send `method path`
 * back to back for `seconds`. Resolves with requests, req/s, p50/p99/max in ms, and the counts
 * of non-2xx answers (`bad`) and socket errors or timeouts (`errors`). With `tokenPool` (wrk
 * only) it chains refresh tokens and resolves `tokens` too: the pool left at the end.
 */
export function load(loader, options) {
  const full = { method: 'GET', headers: {}, connections: 32, ...options };
  return loader === 'wrk' ? runWrk(full) : runAutocannon(full);
}
