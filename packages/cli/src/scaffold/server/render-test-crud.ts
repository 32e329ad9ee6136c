import { lines, str } from './code.js';
import { SUPPORT, bodyCall, testAppLine } from './render-test-fixtures.js';
import type { ServerModel } from './server-model.js';
import { needle } from './test-values.js';

/** The header shared by the generated test files: imports and the engines loop. */
export function testHeader(
  model: ServerModel,
  fixtures: readonly string[],
  extra: readonly string[] = [],
): string {
  const k = model.names.kebabPlural;
  return lines(
    "import { describe, expect, it } from 'vitest';",
    ...extra,
    `import { testEngines } from '${SUPPORT}/engines.js';`,
    `import { useTestApp } from '${SUPPORT}/test-app.js';`,
    "import { apiPluginOptions, registerApiRoutes } from '../../src/index.js';",
    `import { ${fixtures.join(', ')} } from './${k}-fixtures.js';`,
  );
}

/** `<k>-crud.test.ts`: create, read, list (paging, sorting, search), change and delete. */
export function renderCrudTest(model: ServerModel): string {
  const { names, fields, spec, searchable, sorts } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: name, label } = names;
  const writer = spec.owned ? 't().alice' : 't().admin';
  const optional = fields.filter((field) => field.spec.optional);
  const required = fields.filter((field) => !field.spec.optional);
  const found = searchable.find((field) => needle(field.spec) !== undefined);
  const literal = found !== undefined && ['string', 'text'].includes(found.spec.type);
  const changed = fields.find((field) => field.spec.type !== 'ref') ?? fields[0];
  const list = `list${Types}`;
  const create = `create${Type}`;
  const as = `{ as: ${writer} }`;
  const fixtures = [
    'callAs',
    create,
    `${names.camelSingular}Body`,
    list,
    `type ${Type}Json`,
  ].filter((item) => item !== `${names.camelSingular}Body` || fields.length > 0);

  return lines(
    testHeader(model, fixtures),
    '',
    `describe.each(await testEngines())('${name}: create, read, list, change and delete, on %s', (engine) => {`,
    testAppLine(),
    '',
    `it('creates a ${label} with every field and reads it back as created', async () => {`,
    `const body = ${bodyCall(model, 't()', '1')};`,
    `const created = await callAs(t(), ${writer}, 'POST /api/${name}', body);`,
    'expect(created.statusCode, created.body).toBe(201);',
    `const record = created.json<${Type}Json>();`,
    'expect(record).toEqual({',
    '...body,',
    'id: expect.any(Number),',
    spec.owned && `owner_id: ${writer}.id,`,
    'created_at: expect.stringMatching(/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$/),',
    'updated_at: record.created_at,',
    '});',
    `const read = await callAs(t(), ${writer}, \`GET /api/${name}/\${record.id}\`);`,
    'expect(read.statusCode).toBe(200);',
    'expect(read.json()).toEqual(record);',
    '});',
    optional.length > 0 &&
      lines(
        '',
        `it('creates a ${label} from the required fields alone; the optional ones are null', async () => {`,
        `const full = ${bodyCall(model, 't()', '0')};`,
        `const body = { ${required.map((field) => `${field.column}: full[${str(field.column)}]`).join(', ')} };`,
        `const created = await callAs(t(), ${writer}, 'POST /api/${name}', body);`,
        'expect(created.statusCode, created.body).toBe(201);',
        `expect(created.json()).toMatchObject({ ...body, ${optional.map((field) => `${field.column}: null`).join(', ')} });`,
        '});',
      ),
    '',
    `it('lists ${name} a page at a time, with total, page and per_page', async () => {`,
    `const first = await ${create}(t(), ${as});`,
    `const second = await ${create}(t(), { as: ${writer}, variant: 1 });`,
    `const page1 = await ${list}(t(), ${writer}, 'sort=id&order=desc&per_page=1');`,
    'expect(page1).toMatchObject({ page: 1, per_page: 1 });',
    'expect(page1.total).toBeGreaterThanOrEqual(2);',
    `expect(page1.${name}.map((record) => record.id)).toEqual([second.id]);`,
    `const page2 = await ${list}(t(), ${writer}, 'sort=id&order=desc&per_page=1&page=2');`,
    `expect(page2.${name}.map((record) => record.id)).toEqual([first.id]);`,
    'expect(page2.total).toBe(page1.total);',
    `expect((await ${list}(t(), ${writer})).per_page).toBe(20);`,
    '});',
    '',
    "describe('sorting', () => {",
    'beforeAll(async () => {',
    `await ${create}(t(), ${as});`,
    `await ${create}(t(), { as: ${writer}, variant: 1 });`,
    '});',
    '',
    '/** Whether `values` are in ascending order, nulls last. */',
    "function ascending(values: unknown[], kind: 'number' | 'text'): boolean {",
    'return values.every((value, index) => {',
    'const next = values[index + 1];',
    'if (index === values.length - 1 || next === null) return true;',
    'if (value === null) return false;',
    "return kind === 'number' ? Number(value) <= Number(next) : (value as string) <= (next as string);",
    '});',
    '}',
    '',
    'it.each([',
    ...sorts.map(([column, kind]) => `[${str(column)}, ${str(kind)}],`),
    "] as const)('sorts by %s, and descending is the exact reverse', async (sort, kind) => {",
    `const up = await ${list}(t(), ${writer}, \`sort=\${sort}&order=asc&per_page=100\`);`,
    `const down = await ${list}(t(), ${writer}, \`sort=\${sort}&order=desc&per_page=100\`);`,
    `expect(up.${name}.length).toBeGreaterThanOrEqual(2);`,
    `expect(ascending(up.${name}.map((record) => record[sort]), kind)).toBe(true);`,
    `expect(down.${name}.map((record) => record.id)).toEqual(up.${name}.map((record) => record.id).reverse());`,
    '});',
    '});',
    found !== undefined &&
      lines(
        '',
        `it('finds ${name} by q, case-insensitively, in ${found.column}', async () => {`,
        `const match = await ${create}(t(), { as: ${writer}, with: { ${found.column}: ${needle(found.spec)} } });`,
        `const other = await ${create}(t(), ${as});`,
        `const page = await ${list}(t(), ${writer}, 'q=zEBRAqUUX&per_page=100');`,
        `const ids = page.${name}.map((record) => record.id);`,
        'expect(ids).toContain(match.id);',
        'expect(ids).not.toContain(other.id);',
        `for (const record of page.${name}) {`,
        `expect(JSON.stringify([${searchable.map((field) => `record[${str(field.column)}]`).join(', ')}]).toLowerCase()).toContain('zebraquux');`,
        '}',
        '});',
      ),
    literal &&
      lines(
        '',
        "it('matches % and _ in q literally, never as LIKE wildcards', async () => {",
        `const match = await ${create}(t(), { as: ${writer}, with: { ${found.column}: ${needle(found.spec)} } });`,
        `const literal = await ${list}(t(), ${writer}, \`q=\${encodeURIComponent('50%_off')}&per_page=100\`);`,
        `expect(literal.${name}.map((record) => record.id)).toContain(match.id);`,
        `const wildcard = await ${list}(t(), ${writer}, \`q=\${encodeURIComponent('5_%f')}&per_page=100\`);`,
        `expect(wildcard.${name}.map((record) => record.id)).not.toContain(match.id);`,
        '});',
      ),
    changed !== undefined &&
      lines(
        '',
        `it('changes only the fields a PATCH sends', async () => {`,
        `const record = await ${create}(t(), ${as});`,
        `const other = await ${create}(t(), { as: ${writer}, variant: 1 });`,
        `const patch = { ${changed.column}: other[${str(changed.column)}] };`,
        `const changed = await callAs(t(), ${writer}, \`PATCH /api/${name}/\${record.id}\`, patch);`,
        'expect(changed.statusCode, changed.body).toBe(200);',
        `const after = changed.json<${Type}Json>();`,
        'expect(after).toEqual({ ...record, ...patch, updated_at: after.updated_at });',
        'expect(String(after.updated_at) >= String(record.updated_at)).toBe(true);',
        `expect((await callAs(t(), ${writer}, \`GET /api/${name}/\${record.id}\`)).json()).toEqual(after);`,
        '});',
      ),
    optional.length > 0 &&
      lines(
        '',
        `it('clears an optional field with null in a PATCH', async () => {`,
        `const record = await ${create}(t(), ${as});`,
        `const cleared = await callAs(t(), ${writer}, \`PATCH /api/${name}/\${record.id}\`, { ${optional[0]!.column}: null });`,
        'expect(cleared.statusCode, cleared.body).toBe(200);',
        `expect(cleared.json()).toMatchObject({ ${optional[0]!.column}: null });`,
        '});',
      ),
    '',
    `it('deletes a ${label}: 204, then 404 to read, change or delete it again', async () => {`,
    `const record = await ${create}(t(), ${as});`,
    `const url = \`/api/${name}/\${record.id}\`;`,
    `expect((await callAs(t(), ${writer}, \`DELETE \${url}\`)).statusCode).toBe(204);`,
    `for (const route of [\`GET \${url}\`, \`DELETE \${url}\`]) {`,
    `const response = await callAs(t(), ${writer}, route);`,
    'expect(response.statusCode).toBe(404);',
    "expect(response.json()).toMatchObject({ code: 'not_found' });",
    '}',
    fields.length > 0 &&
      `expect((await callAs(t(), ${writer}, \`PATCH \${url}\`, { ${fields[0]!.column}: record[${str(fields[0]!.column)}] })).statusCode).toBe(404);`,
    '});',
    '',
    `it('answers 404 not_found for an id no ${label} has, even beyond the integer range', async () => {`,
    "for (const id of ['2147483647', '2147483648', '9999999999999999']) {",
    `const response = await callAs(t(), ${writer}, \`GET /api/${name}/\${id}\`);`,
    'expect(response.statusCode).toBe(404);',
    "expect(response.json()).toMatchObject({ code: 'not_found' });",
    '}',
    '});',
    '});',
    '',
  ).replace(
    "import { describe, expect, it } from 'vitest';",
    "import { beforeAll, describe, expect, it } from 'vitest';",
  );
}
