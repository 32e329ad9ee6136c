import { lines, str } from './code.js';
import { SUPPORT, bodyCall, testAppLine } from './render-test-fixtures.js';
import { testHeader } from './render-test-crud.js';
import type { ServerModel } from './server-model.js';
import { invalidValues } from './test-values.js';

/** `<k>-validation.test.ts`: 400 `validation_failed` on each invalid field, body and query. */
export function renderValidationTest(model: ServerModel): string {
  const { names, fields, spec, refs } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: name } = names;
  const writer = spec.owned ? 't().alice' : 't().admin';
  const required = fields.filter((field) => !field.spec.optional);
  const create = `create${Type}`;
  const list = `list${Types}`;
  const cases = fields.flatMap((field) =>
    invalidValues(field.spec).map(
      ([what, value]) => `[${str(`${field.column} ${what}`)}, ${str(field.column)}, ${value}],`,
    ),
  );

  return lines(
    testHeader(
      model,
      ['callAs', create, ...(fields.length > 0 ? [`${names.camelSingular}Body`] : []), list],
      [`import { expectProblem } from '${SUPPORT}/expect-problem.js';`],
    ).replace('{ describe, expect, it }', '{ beforeAll, describe, expect, it }'),
    "import type { LightMyRequestResponse } from 'fastify';",
    '',
    '/** 400 `validation_failed` with a field error that names `column` (in its path or message). */',
    'function expectFieldError(response: LightMyRequestResponse, column: string): void {',
    "expectProblem(response, 400, 'validation_failed');",
    'const { errors } = response.json<{ errors?: { path: string; message: string }[] }>();',
    'expect(errors?.some((error) => `${error.path} ${error.message}`.includes(column)), response.body).toBe(true);',
    '}',
    '',
    `describe.each(await testEngines())('${name}: invalid input is 400 validation_failed, on %s', (engine) => {`,
    testAppLine(),
    'let valid: Record<string, unknown>;',
    `let existing: ${Type}Json;`,
    'beforeAll(async () => {',
    `valid = ${fields.length > 0 ? bodyCall(model, 't()', '0') : '{}'};`,
    `existing = await ${create}(t(), { as: ${writer} });`,
    '});',
    '',
    cases.length > 0 &&
      lines(
        'it.each<[string, string, unknown]>([',
        ...cases,
        "])('refuses %s, on create and on change', async (_case, column, value) => {",
        `const created = await callAs(t(), ${writer}, 'POST /api/${name}', { ...valid, [column]: value });`,
        'expectFieldError(created, column);',
        `const changed = await callAs(t(), ${writer}, \`PATCH /api/${name}/\${existing.id}\`, { [column]: value });`,
        'expectFieldError(changed, column);',
        '});',
        '',
      ),
    required.length > 0 &&
      lines(
        `it.each([${required.map((field) => str(field.column)).join(', ')}])('refuses a create without %s, and null for it anywhere', async (column) => {`,
        'const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== column));',
        `expectFieldError(await callAs(t(), ${writer}, 'POST /api/${name}', rest), column);`,
        `expectFieldError(await callAs(t(), ${writer}, 'POST /api/${name}', { ...valid, [column]: null }), column);`,
        `expectFieldError(await callAs(t(), ${writer}, \`PATCH /api/${name}/\${existing.id}\`, { [column]: null }), column);`,
        '});',
        '',
      ),
    refs.length > 0 &&
      lines(
        `it.each([${refs.map((field) => str(field.column)).join(', ')}])('refuses %s naming no record, on create and on change', async (column) => {`,
        `const created = await callAs(t(), ${writer}, 'POST /api/${name}', { ...valid, [column]: 2_147_483_647 });`,
        'expectFieldError(created, column);',
        `const changed = await callAs(t(), ${writer}, \`PATCH /api/${name}/\${existing.id}\`, { [column]: 2_147_483_647 });`,
        'expectFieldError(changed, column);',
        `expect((await callAs(t(), ${writer}, \`GET /api/${name}/\${existing.id}\`)).json()).toEqual(existing);`,
        '});',
        '',
      ),
    "it('refuses an unknown field, an id and timestamps in the body, and an empty change', async () => {",
    "for (const extra of [{ unknown_field: 1 }, { id: 1 }, { created_at: '2024-01-01T00:00:00.000Z' }]) {",
    `const created = await callAs(t(), ${writer}, 'POST /api/${name}', { ...valid, ...extra });`,
    "expectProblem(created, 400, 'validation_failed');",
    '}',
    `const empty = await callAs(t(), ${writer}, \`PATCH /api/${name}/\${existing.id}\`, {});`,
    "expectProblem(empty, 400, 'validation_failed');",
    '});',
    '',
    "it.each(['page=0', 'per_page=0', 'per_page=101', 'page=-1', 'sort=password', 'order=up', 'q=%00', 'unknown=1'" +
      refs.map((field) => `, '${field.column}=abc'`).join('') +
      "])('refuses the list query %s', async (query) => {",
    `expectProblem(await callAs(t(), ${writer}, \`GET /api/${name}?\${query}\`), 400, 'validation_failed');`,
    '});',
    '',
    "it.each(['abc', '0', '01', '-1', '1e3'])('refuses the path id %s', async (id) => {",
    `expectProblem(await callAs(t(), ${writer}, \`GET /api/${name}/\${id}\`), 400, 'validation_failed');`,
    '});',
    '',
    "it('stores nothing from refused creates', async () => {",
    `const before = (await ${list}(t(), ${writer})).total;`,
    `await callAs(t(), ${writer}, 'POST /api/${name}', { ...valid, unknown_field: 1 });`,
    `expect((await ${list}(t(), ${writer})).total).toBe(before);`,
    '});',
    '});',
    '',
  ).replace(`${create}, `, `${create}, type ${Type}Json, `);
}
