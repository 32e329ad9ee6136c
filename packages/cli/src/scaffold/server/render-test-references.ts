import { columnOf, namesOf } from '../names.js';
import { lines, str } from './code.js';
import { SUPPORT, testAppLine } from './render-test-fixtures.js';
import { testHeader } from './render-test-crud.js';
import type { ServerModel } from './server-model.js';

/** Whether the resource gets `<k>-references.test.ts`: it has refs, or another resource refers to it. */
export function hasReferencesTest(model: ServerModel): boolean {
  return model.refs.length > 0 || model.referrers.length > 0;
}

/** `<k>-references.test.ts`: filters by each ref, and 409 `conflict` on a referenced delete. */
export function renderReferencesTest(model: ServerModel): string {
  const { names, spec, refs, referrers } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: name, label } = names;
  const writer = spec.owned ? 't().alice' : 't().admin';
  const create = `create${Type}`;
  const list = `list${Types}`;
  const others = [...new Set(referrers.map((referrer) => referrer.resource.name))].sort();

  const filters = refs.map((field) =>
    lines(
      `it('filters the list by ${field.column}', async () => {`,
      `const first = await ${create}(t(), { as: ${writer} });`,
      `const second = await ${create}(t(), { as: ${writer}, variant: 1 });`,
      `expect(first[${str(field.column)}]).not.toBe(second[${str(field.column)}]);`,
      `const page = await ${list}(t(), ${writer}, \`${field.column}=\${String(first[${str(field.column)}])}&per_page=100\`);`,
      `const ids = page.${name}.map((record) => record.id);`,
      'expect(ids).toContain(first.id);',
      'expect(ids).not.toContain(second.id);',
      `expect(page.${name}.every((record) => record[${str(field.column)}] === first[${str(field.column)}])).toBe(true);`,
      `expect((await ${list}(t(), ${writer}, '${field.column}=2147483648')).total).toBe(0);`,
      '});',
    ),
  );

  const conflicts = referrers.map(({ resource, field }) => {
    const other = namesOf(resource.name);
    const column = columnOf(field);
    return lines(
      `it('refuses to delete a ${label} that a ${other.label} refers to (${column}): 409 conflict, and it stays', async () => {`,
      `const record = await ${create}(t(), { as: ${writer} });`,
      `const referrer = await create${other.pascalSingular}(t(), { with: { ${column}: record.id } });`,
      `const refused = await callAs(t(), ${writer}, \`DELETE /api/${name}/\${record.id}\`);`,
      "expectProblem(refused, 409, 'conflict');",
      `expect((await callAs(t(), ${writer}, \`GET /api/${name}/\${record.id}\`)).json()).toEqual(record);`,
      `expect((await callAs(t(), t().admin, \`DELETE /api/${resource.name}/\${referrer.id}\`)).statusCode).toBe(204);`,
      `expect((await callAs(t(), ${writer}, \`DELETE /api/${name}/\${record.id}\`)).statusCode).toBe(204);`,
      '});',
    );
  });

  return lines(
    testHeader(
      model,
      [...(conflicts.length > 0 ? ['callAs'] : []), create, ...(refs.length > 0 ? [list] : [])],
      [
        ...(conflicts.length > 0
          ? [`import { expectProblem } from '${SUPPORT}/expect-problem.js';`]
          : []),
        ...others.map((other) => {
          const o = namesOf(other);
          return `import { create${o.pascalSingular} } from '../${o.kebabPlural}/${o.kebabPlural}-fixtures.js';`;
        }),
      ],
    ),
    '',
    `describe.each(await testEngines())('${name}: references, on %s', (engine) => {`,
    testAppLine(),
    '',
    ...filters.flatMap((test) => [test, '']),
    ...conflicts.flatMap((test) => [test, '']),
    '});',
    '',
  ).replace(/\n\n\}\);\n$/, '\n});\n');
}
