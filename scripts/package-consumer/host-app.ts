// A consumer of the packed @tessera/server: a Fastify app of its own that mounts Tessera with
// register(tessera), adds a scope, a migration and an error code, and protects a route of its
// own. Compiled with tsc (NodeNext) and run against real HTTP on loopback by
// scripts/check-packages.mjs, outside the repository.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import {
  currentUser,
  generateSecret,
  tessera,
  TesseraError,
  type TesseraMigration,
} from '@tessera/server';

declare module '@tessera/server' {
  interface TesseraScopes {
    'reports:read': true;
  }
  interface TesseraErrorCodes {
    report_not_ready: true;
  }
}

const reportsMigration: TesseraMigration = {
  up: async (db) => {
    await db.schema
      .createTable('reports')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('owner_id', 'integer', (column) => column.notNull().references('users.id'))
      .execute();
  },
};

const app = Fastify({ logger: false });
await app.register(tessera, {
  config: {
    dataDir: mkdtempSync(join(tmpdir(), 'tessera-consumer-')),
    jwtSecret: generateSecret(),
  },
  access: { scopes: { 'reports:read': ['admin'] } },
  migrations: { '0001-reports': reportsMigration },
  errors: {
    report_not_ready: {
      status: 409,
      message: 'The report is not ready',
      description: 'Reports are built overnight.',
      solution: 'Try again tomorrow.',
    },
  },
});
app.get('/reports', { config: { scope: 'reports:read' } }, (request) => ({
  owner: currentUser(request).email,
}));
app.get('/reports/latest', { config: { scope: 'reports:read' } }, () => {
  throw new TesseraError('report_not_ready');
});
app.get('/ping', { config: { public: true } }, () => ({ pong: true }));

const base = await app.listen({ host: '127.0.0.1', port: 0 });
let passed = 0;
let failed = 0;
function check(name: string, ok: boolean): void {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok' : 'FAILED'} - ${name}`);
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(`${base}${path}`, init);
}

try {
  const link = await app.tessera.setupLink(base);
  check('the setup link comes from the API', link?.startsWith(`${base}/setup?token=`) === true);
  const token = new URL(link ?? base).searchParams.get('token') ?? '';
  const setup = await call('/api/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      email: 'root@example.com',
      name: 'Root',
      password: 'a long and unusual passphrase',
    }),
  });
  check('POST /api/setup creates the first admin', setup.status === 201);
  const { access_token: accessToken, scope } = (await setup.json()) as {
    access_token: string;
    scope: string;
  };
  check("the admin's token carries the app's scope", scope.split(' ').includes('reports:read'));
  const auth = { authorization: `Bearer ${accessToken}` };
  check('a public route of the app needs no token', (await call('/ping')).status === 200);
  const anonymous = await call('/reports');
  check('a protected route of the app answers 401 without a token', anonymous.status === 401);
  check(
    'the 401 is problem+json',
    (anonymous.headers.get('content-type') ?? '').startsWith('application/problem+json'),
  );
  const reports = await call('/reports', { headers: auth });
  const body = (await reports.json()) as { owner?: string };
  check('the protected route reads the current user', body.owner === 'root@example.com');
  const latest = await call('/reports/latest', { headers: auth });
  const problem = (await latest.json()) as { code?: string };
  check("the app's own error code answers with its status", latest.status === 409);
  check("the app's own error code is in the body", problem.code === 'report_not_ready');
  const tables = await app.tessera.database.db.introspection.getTables();
  check(
    "the app's migration ran",
    tables.some((table) => table.name === 'reports'),
  );
  const login = await call('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'root@example.com', password: 'a long and unusual passphrase' }),
  });
  check("the tutorial's /api/login answers 200", login.status === 200);
} finally {
  await app.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
