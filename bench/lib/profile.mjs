// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time by function and by package, so
// the report can say where a request's time goes.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Source maps of bundled files (@tessera/server's dist/tessera-server.js), by file URL. */
const sourceMaps = new Map();

function sourceMapOf(url) {
  if (!sourceMaps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    sourceMaps.set(
      url,
      existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined,
    );
  }
  return sourceMaps.get(url);
}

/**
 * A frame of a bundle as the source file it came from (its URL and line), so that the owner
 * rules below see `server/src/guard/…` whether Tessera ran from its bundle or from its files.
 */
function unbundled(callFrame) {
  if (!callFrame.url.endsWith('/server/dist/tessera-server.js')) return callFrame;
  const entry = sourceMapOf(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  if (entry?.originalSource === undefined) return callFrame;
  const url = new URL(entry.originalSource, callFrame.url).href;
  return { ...callFrame, url, lineNumber: entry.originalLine };
}

/** Where a frame comes from: a package under node_modules, Tessera's own code, Node, or V8. */
function origin(url) {
  if (url === '') return '(v8 / native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const pkg = /\/packages\/([^/]+)\/(?:dist|src)\/(.*)$/.exec(url);
  if (pkg) return `@tessera/${pkg[1]}`;
  return url.split('/').slice(-2).join('/');
}

/** A .cpuprofile's nodes by id, each node's parent, and the sample count per leaf node. */
function readProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(
    profile.nodes.map((node) => [node.id, { ...node, callFrame: unbundled(node.callFrame) }]),
  );
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  return { profile, byId, parent, counts };
}

/**
 * Self time per function and per origin, as shares of all samples (idle and GC included, named
 * as V8 names them: `(idle)`, `(garbage collector)`, `(program)`).
 */
export function summarizeProfile(file, top = 25) {
  const { profile, byId, parent, counts } = readProfile(file);
  const total = profile.samples.length;
  const functions = new Map();
  const origins = new Map();
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = origin(url);
    const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + count);
    const group = functionName.startsWith('(') && url === '' ? functionName : where;
    origins.set(group, (origins.get(group) ?? 0) + count);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const inclusive = new Map();
  for (const [id, count] of counts) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at).callFrame;
      if (url === '') continue;
      const name = `${functionName || '(anonymous)'} ${origin(url)}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + count);
    }
  }
  const rank = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, share: count / total }));
  return {
    samples: total,
    functions: rank(functions),
    origins: rank(origins),
    inclusive: rank(inclusive),
  };
}

/** What the report breaks a request's main-thread time into (a sample counts once per row). */
const CATEGORIES = [
  {
    label: 'Tessera guard, all of it (header, token, user state, scope)',
    inclusive: (f) => f.url.includes('/guard/guard-plugin') && f.functionName === 'authenticate',
  },
  {
    label: '… token verification (HMAC-SHA256, base64url, JSON, claims)',
    inclusive: (f) => f.url.includes('/token/token-service') && f.functionName === 'verify',
  },
  {
    label: '… user state from memory (cache lookup and the SQLite change check)',
    inclusive: (f) => f.url.includes('/users/user-cache') && f.functionName === 'peek',
  },
  {
    label: '… of which the SQLite change check (a `pread` of the WAL-index header)',
    inclusive: (f) => f.url.includes('/db/open-sqlite') && f.functionName === 'dataVersion',
  },
  {
    label: 'Request logging (pino: one access line per request, redaction, write)',
    inclusive: (f) => /\/node_modules\/(pino|sonic-boom|@pinojs|fast-redact)\//.test(f.url),
  },
  {
    label: 'Security headers (onSend hook, own time)',
    self: (f) => f.url.includes('/http/security-headers'),
  },
  {
    label: 'Response serialization (fast-json-stringify)',
    inclusive: (f) => f.url.includes('/node_modules/fast-json-stringify/'),
  },
  {
    label: 'Socket writes (writev: kernel loopback TCP, both ends)',
    self: (f) =>
      f.url === '' &&
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(f.functionName),
  },
  { label: 'Garbage collection', self: (f) => f.functionName === '(garbage collector)' },
  { label: 'Idle (waiting for the load generator)', self: (f) => f.functionName === '(idle)' },
];

/**
 * The report's breakdown of a profile: per category, its share of the profiled process's
 * main-thread time and that time divided by the requests served while profiling (µs/request;
 * start-up is in the denominator's time too, so these are slight over-estimates).
 */
export function profileCategories(file, requests) {
  const { profile, byId, parent, counts } = readProfile(file);
  const totals = CATEGORIES.map(() => 0);
  for (const [id, count] of counts) {
    const leaf = byId.get(id).callFrame;
    CATEGORIES.forEach((category, index) => {
      if (category.self) {
        if (category.self(leaf)) totals[index] += count;
        return;
      }
      for (let at = id; at !== undefined; at = parent.get(at)) {
        if (category.inclusive(byId.get(at).callFrame)) {
          totals[index] += count;
          return;
        }
      }
    });
  }
  const samples = profile.samples.length;
  const wallMicros = profile.endTime - profile.startTime;
  return CATEGORIES.map((category, index) => ({
    label: category.label,
    share: totals[index] / samples,
    microsPerRequest: ((totals[index] / samples) * wallMicros) / requests,
  }));
}

/**
 * Who owns a request's time: each sample's self time goes to the owner of its leaf frame, found
 * by ownerOfStack, except
 * the native JSON builtins (serialization) and V8's GC, idle and `(program)` entries; see
 * ownerOfStack.
 */
export const OWNERS = [
  'guard',
  'query building',
  'driver',
  'serialization',
  'logging',
  'GC',
  'HTTP & Fastify',
  'other',
];

const OWNER_RULES = [
  // Kysely's SqliteConnection.executeQuery spends its self time in the native better-sqlite3 call.
  ['driver', (url, fn) => url.includes('/kysely/') && /sqlite/i.test(url) && fn === 'executeQuery'],
  [
    'guard',
    (url) =>
      /\/server\/(?:dist|src)\/(guard|token)\//.test(url) ||
      /\/server\/(?:dist|src)\/(sessions\/session-cache|users\/user-cache)/.test(url),
  ],
  [
    'driver',
    (url) =>
      /\/node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-[a-z]+)\//.test(
        url,
      ) ||
      /\/server\/(?:dist|src)\/db\/(sqlite-dialect|sqlite-statements|open-sqlite|open-postgres)/.test(
        url,
      ),
  ],
  [
    'query building',
    (url) =>
      url.includes('/node_modules/kysely/') ||
      /\/server\/(?:dist|src)\/(db\/query-template|users\/user-store|sessions\/(session-queries|session-rotation))/.test(
        url,
      ),
  ],
  ['serialization', (url) => /\/node_modules\/(fast-json-stringify|secure-json-parse)\//.test(url)],
  [
    'logging',
    (url) =>
      /\/node_modules\/(pino|pino-std-serializers|sonic-boom|@pinojs\/[^/]+|fast-redact|thread-stream)\//.test(
        url,
      ) || /\/server\/(?:dist|src)\/http\/(access-log|logger)/.test(url),
  ],
  [
    'HTTP & Fastify',
    (url) =>
      /^node:(_http|net|internal\/(streams|stream_base|http|net|js_stream|url))/.test(url) ||
      /\/node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify\/[^/]+|fastify-plugin|toad-cache|abstract-logging|process-warning|content-type|fast-querystring|ret)\//.test(
        url,
      ),
  ],
];

function ownerOf(frame) {
  const rule = OWNER_RULES.find(([, test]) => test(frame.url, frame.functionName));
  return rule === undefined ? 'other' : rule[0];
}

/**
 * The owner of a sample: its nearest frame from a package or from Tessera (native and Node-core
 * frames belong to their caller: a `writeString` under sonic-boom is logging, under Fastify's
 * reply HTTP); when none is on the stack (socket reads, timers), the nearest Node-core frame's.
 */
function ownerOfStack(byId, parent, id) {
  let core;
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at).callFrame;
    if (frame.url === '') continue;
    if (frame.url.startsWith('node:')) {
      core ??= frame;
      continue;
    }
    return ownerOf(frame);
  }
  return core === undefined ? 'other' : ownerOf(core);
}

/** µs per request per owner (and idle), from a profile during which `requests` were served. */
export function profileOwners(file, requests) {
  const { profile, byId, parent, counts } = readProfile(file);
  const totals = Object.fromEntries([...OWNERS, 'idle'].map((o) => [o, 0]));
  for (const [id, count] of counts) {
    const leaf = byId.get(id).callFrame;
    let owner;
    if (leaf.functionName === '(garbage collector)') owner = 'GC';
    else if (leaf.functionName === '(idle)') owner = 'idle';
    else if (leaf.functionName === '(program)' || leaf.functionName === '(root)') owner = 'other';
    else if (leaf.url === '' && /^(JSON\.)?(stringify|parse)$/.test(leaf.functionName))
      owner = 'serialization';
    else owner = ownerOfStack(byId, parent, id);
    totals[owner] += count;
  }
  const microsPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
  return Object.fromEntries(
    Object.entries(totals).map(([owner, count]) => [owner, (count * microsPerSample) / requests]),
  );
}
