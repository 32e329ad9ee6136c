import { namesOf } from '../names.js';
import { lines } from './code.js';
import type { ServerField, ServerModel } from './server-model.js';
import { samples } from './test-values.js';

export const SUPPORT = '../../../../packages/server/test/support';

/** Whether the resource's body builder awaits (it creates referenced records first). */
export function bodyIsAsync(model: ServerModel): boolean {
  return model.resourceRefs.some((field) => field.spec.target !== model.spec.name);
}

function value(model: ServerModel, field: ServerField): string {
  const target = field.spec.target;
  if (field.spec.type !== 'ref') {
    const [a, b] = samples(field.spec);
    return a === b ? a : `variant === 0 ? ${a} : ${b}`;
  }
  if (target === 'users') return 'variant === 0 ? t.alice.id : t.bob.id';
  if (target === model.spec.name) return 'null';
  return `(await create${namesOf(target ?? '').pascalSingular}(t, { variant })).id`;
}

/** Which of `t` and `variant` the body builder takes (only those it uses). */
function bodyParams(model: ServerModel): { app: boolean; variant: boolean } {
  const values = model.fields.map((field) => value(model, field));
  return {
    app: values.some((text) => /\bt\b/.test(text)),
    variant: values.some((text) => text.includes('variant')),
  };
}

/** A call of the body builder (source), awaited when it is async. */
export function bodyCall(model: ServerModel, app: string, variant: string): string {
  const params = bodyParams(model);
  const args = [...(params.app ? [app] : []), ...(params.variant ? [variant] : [])];
  const call = `${model.names.camelSingular}Body(${args.join(', ')})`;
  return bodyIsAsync(model) ? `(await ${call})` : call;
}

/** The test app every generated test file starts (Tessera plus all the application's resources). */
export function testAppLine(): string {
  return 'const t = useTestApp(engine, { plugin: apiPluginOptions(), routes: (app) => registerApiRoutes(app) });';
}

/** `<k>-fixtures.ts`: requests as a fixture user, a valid body, create and list helpers. */
export function renderFixtures(model: ServerModel): string {
  const { names, fields } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: name } = names;
  const targets = [
    ...new Set(
      model.resourceRefs
        .map((field) => field.spec.target ?? '')
        .filter((target) => target !== model.spec.name),
    ),
  ].sort();
  const isAsync = bodyIsAsync(model);
  const params = bodyParams(model);
  const signature = [
    ...(params.app ? ['t: TestApp'] : []),
    ...(params.variant ? ['variant: 0 | 1 = 0'] : []),
  ].join(', ');
  return lines(
    "import { expect } from 'vitest';",
    `import type { TestApp, TestUser } from '${SUPPORT}/test-app.js';`,
    ...targets.map((target) => {
      const other = namesOf(target);
      return `import { create${other.pascalSingular} } from '../${other.kebabPlural}/${other.kebabPlural}-fixtures.js';`;
    }),
    '',
    `/** A ${names.label} as the API answers it. */`,
    `export type ${Type}Json = {`,
    'readonly id: number;',
    model.spec.owned && 'readonly owner_id: number;',
    'readonly created_at: string;',
    'readonly updated_at: string;',
    '} & Readonly<Record<string, unknown>>;',
    '',
    `/** One page of \`GET /api/${name}\`. */`,
    `export interface ${Types}Page {`,
    `readonly ${name}: ${Type}Json[];`,
    'readonly total: number;',
    'readonly page: number;',
    'readonly per_page: number;',
    '}',
    '',
    "/** Sends `route` (`'PATCH /api/…'`) as `user`, with a token of their fixture session. */",
    'export function callAs(t: TestApp, user: TestUser, route: string, payload?: object) {',
    "const [method, url] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];",
    'return t.app.inject({',
    'method,',
    'url,',
    'headers: { authorization: `Bearer ${t.tokenFor(user)}` },',
    '...(payload === undefined ? {} : { payload }),',
    '});',
    '}',
    '',
    `/** A valid body with every field; variant 1 differs from variant 0 in each field.${isAsync ? ' Referenced records are created first.' : ''} */`,
    `export ${isAsync ? 'async ' : ''}function ${names.camelSingular}Body(${signature}): ${isAsync ? 'Promise<Record<string, unknown>>' : 'Record<string, unknown>'} {`,
    'return {',
    ...fields.map((field) => `${field.column}: ${value(model, field)},`),
    '};',
    '}',
    '',
    '/** What {@link create' +
      Type +
      '} sends: a variant, the sender (default: the admin), fields over the body. */',
    `export interface Create${Type}Options {`,
    'readonly variant?: 0 | 1;',
    'readonly as?: TestUser;',
    'readonly with?: Readonly<Record<string, unknown>>;',
    '}',
    '',
    `/** Creates a ${names.label} through the API and returns it (asserting the 201). */`,
    `export async function create${Type}(t: TestApp, options: Create${Type}Options = {}): Promise<${Type}Json> {`,
    `const body = { ...${bodyCall(model, 't', 'options.variant ?? 0')}, ...options.with };`,
    `const response = await callAs(t, options.as ?? t.admin, 'POST /api/${name}', body);`,
    'expect(response.statusCode, response.body).toBe(201);',
    `return response.json<${Type}Json>();`,
    '}',
    '',
    `/** \`GET /api/${name}?<query>\` as \`user\` (asserting the 200). */`,
    `export async function list${Types}(t: TestApp, user: TestUser, query = ''): Promise<${Types}Page> {`,
    `const response = await callAs(t, user, \`GET /api/${name}?\${query}\`);`,
    'expect(response.statusCode, response.body).toBe(200);',
    `return response.json<${Types}Page>();`,
    '}',
    '',
  );
}
