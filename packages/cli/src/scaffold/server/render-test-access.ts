import { lines, str } from './code.js';
import { bodyCall, testAppLine } from './render-test-fixtures.js';
import { testHeader } from './render-test-crud.js';
import type { ServerModel } from './server-model.js';

/** `<k>-access.test.ts`: tokens, scopes, ownership and the OpenAPI entries. */
export function renderAccessTest(model: ServerModel): string {
  const { names, spec, fields } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: name, label } = names;
  const create = `create${Type}`;
  const list = `list${Types}`;
  const patchField = fields[0];
  const patch = (record: string) =>
    patchField === undefined
      ? '{}'
      : `{ ${patchField.column}: ${record}[${str(patchField.column)}] }`;

  const common = lines(
    `it('answers 401 token_missing on every ${name} route without a token', async () => {`,
    `const record = await ${create}(t());`,
    'for (const [method, url] of [',
    `['GET', '/api/${name}'],`,
    `['POST', '/api/${name}'],`,
    `['GET', \`/api/${name}/\${record.id}\`],`,
    `['PATCH', \`/api/${name}/\${record.id}\`],`,
    `['DELETE', \`/api/${name}/\${record.id}\`],`,
    '] as const) {',
    "const response = await t().app.inject({ method, url, ...(method === 'POST' || method === 'PATCH' ? { payload: {} } : {}) });",
    'expect(response.statusCode, `${method} ${url}`).toBe(401);',
    "expect(response.json()).toMatchObject({ code: 'token_missing' });",
    '}',
    `expect((await callAs(t(), t().admin, \`GET /api/${name}/\${record.id}\`)).statusCode).toBe(200);`,
    '});',
    '',
    `it('documents the ${name} routes in OpenAPI under the ${name} tag, with bearer security', async () => {`,
    "const document = (await t().app.inject({ url: '/api/openapi.json' })).json<{",
    'paths: Record<string, Record<string, { tags?: string[]; security?: unknown }>>;',
    '}>();',
    `for (const [path, methods] of [[\`/api/${name}\`, ['get', 'post']], [\`/api/${name}/{id}\`, ['get', 'patch', 'delete']]] as const) {`,
    'for (const method of methods) {',
    'const operation = document.paths[path]?.[method];',
    `expect(operation?.tags, \`\${method} \${path}\`).toEqual([${str(name)}]);`,
    'expect(operation?.security).toEqual([{ bearer: [] }]);',
    '}',
    '}',
    '});',
  );

  const notOwned = lines(
    `it('gives ${name}:read to users and admins, ${name}:write to admins only', () => {`,
    'const { access } = t().app.tessera;',
    `expect(access.scopeStringFor('user').split(' ')).toContain(${str(`${name}:read`)});`,
    `expect(access.scopeStringFor('user').split(' ')).not.toContain(${str(`${name}:write`)});`,
    `expect(access.scopeStringFor('admin').split(' ')).toEqual(expect.arrayContaining([${str(`${name}:read`)}, ${str(`${name}:write`)}]));`,
    '});',
    '',
    `it('lets a plain user list and read ${name}', async () => {`,
    `const record = await ${create}(t());`,
    `expect((await ${list}(t(), t().alice, 'sort=id&order=desc')).${name}[0]).toEqual(record);`,
    `const read = await callAs(t(), t().alice, \`GET /api/${name}/\${record.id}\`);`,
    'expect(read.json()).toEqual(record);',
    '});',
    '',
    `it('refuses a plain user every write with 403 insufficient_scope, and changes nothing', async () => {`,
    `const record = await ${create}(t());`,
    'for (const [route, payload] of [',
    `[\`POST /api/${name}\`, ${bodyOf(model)}],`,
    `[\`PATCH /api/${name}/\${record.id}\`, ${patch('record')}],`,
    `[\`DELETE /api/${name}/\${record.id}\`, undefined],`,
    '] as const) {',
    'const response = await callAs(t(), t().alice, route, payload);',
    'expect(response.statusCode, route).toBe(403);',
    "expect(response.json()).toMatchObject({ code: 'insufficient_scope' });",
    '}',
    `expect((await callAs(t(), t().admin, \`GET /api/${name}/\${record.id}\`)).json()).toEqual(record);`,
    '});',
  );

  const owned = lines(
    `it('gives ${name}:read and ${name}:write to users and admins', () => {`,
    'const { access } = t().app.tessera;',
    "for (const role of ['user', 'admin'] as const) {",
    `expect(access.scopeStringFor(role).split(' ')).toEqual(expect.arrayContaining([${str(`${name}:read`)}, ${str(`${name}:write`)}]));`,
    '}',
    '});',
    '',
    `it('sets owner_id to the creator, and refuses owner_id in the body', async () => {`,
    `const record = await ${create}(t(), { as: t().alice });`,
    'expect(record.owner_id).toBe(t().alice.id);',
    `const forged = await callAs(t(), t().alice, 'POST /api/${name}', { ...${bodyOf(model)}, owner_id: t().bob.id });`,
    'expect(forged.statusCode).toBe(400);',
    "expect(forged.json()).toMatchObject({ code: 'validation_failed' });",
    '});',
    '',
    `it("hides another user's ${label}: absent from the list, 404 to read, change and delete, and unchanged", async () => {`,
    `const record = await ${create}(t(), { as: t().alice });`,
    `const listed = await ${list}(t(), t().bob, 'per_page=100');`,
    `expect(listed.${name}.map((item) => item.id)).not.toContain(record.id);`,
    `expect(listed.${name}.every((item) => item.owner_id === t().bob.id)).toBe(true);`,
    'for (const [route, payload] of [',
    `[\`GET /api/${name}/\${record.id}\`, undefined],`,
    `[\`PATCH /api/${name}/\${record.id}\`, ${patch('record')}],`,
    `[\`DELETE /api/${name}/\${record.id}\`, undefined],`,
    '] as const) {',
    'const response = await callAs(t(), t().bob, route, payload);',
    'expect(response.statusCode, route).toBe(404);',
    "expect(response.json()).toMatchObject({ code: 'not_found' });",
    '}',
    `expect((await callAs(t(), t().alice, \`GET /api/${name}/\${record.id}\`)).json()).toEqual(record);`,
    '});',
    '',
    `it("lets an admin list, read, change and delete any user's ${name}", async () => {`,
    `const record = await ${create}(t(), { as: t().alice });`,
    `const listed = await ${list}(t(), t().admin, 'sort=id&order=desc&per_page=100');`,
    `expect(listed.${name}.map((item) => item.id)).toContain(record.id);`,
    `expect((await callAs(t(), t().admin, \`GET /api/${name}/\${record.id}\`)).json()).toEqual(record);`,
    `const changed = await callAs(t(), t().admin, \`PATCH /api/${name}/\${record.id}\`, ${patch('record')});`,
    'expect(changed.statusCode, changed.body).toBe(200);',
    'expect(changed.json()).toMatchObject({ owner_id: t().alice.id });',
    `expect((await callAs(t(), t().admin, \`DELETE /api/${name}/\${record.id}\`)).statusCode).toBe(204);`,
    '});',
  );

  return lines(
    testHeader(model, [
      'callAs',
      create,
      ...(fields.length > 0 ? [`${names.camelSingular}Body`] : []),
      list,
    ]),
    '',
    `describe.each(await testEngines())('${name}: tokens, scopes and ${spec.owned ? 'ownership' : 'roles'}, on %s', (engine) => {`,
    testAppLine(),
    '',
    common,
    '',
    spec.owned ? owned : notOwned,
    '});',
    '',
  );
}

/** A valid body (source): the fixtures' builder, awaited when it creates referenced records. */
function bodyOf(model: ServerModel): string {
  return model.fields.length === 0 ? '{}' : bodyCall(model, 't()', '0');
}
