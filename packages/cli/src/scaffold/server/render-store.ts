import { lines, str, strs } from './code.js';
import { typeInfo } from './field-types.js';
import type { ServerField, ServerModel } from './server-model.js';

/** A field's value as written to its column (source), from `value` (never undefined). */
function toColumn(field: ServerField, value: string, nullable: boolean): string {
  const convert =
    field.spec.type === 'boolean' ? 'toFlag' : field.spec.type === 'datetime' ? 'toUtc' : '';
  if (convert === '') return nullable ? `${value} ?? null` : value;
  return nullable ? `${value} == null ? null : ${convert}(${value})` : `${convert}(${value})`;
}

/** A column's value as the API answers it (source). */
function fromColumn(field: ServerField): string {
  const value = `row.${field.column}`;
  const convert =
    field.spec.type === 'boolean'
      ? (v: string) => `${v} === 1`
      : field.spec.type === 'decimal'
        ? (v: string) => `toDecimal(${v})`
        : undefined;
  if (convert === undefined) return value;
  return field.nullable ? `${value} === null ? null : ${convert(value)}` : convert(value);
}

function nullableType(type: string, nullable: boolean): string {
  return nullable ? `${type} | null` : type;
}

/** `<k>-store.ts`: the table's Kysely type, the record conversions and the queries. */
export function renderStore(model: ServerModel): string {
  const { names, fields, spec, refs, searchable, sorts } = model;
  const { pascalSingular: Type, pascalPlural: Types, plural: table } = names;
  const owned = spec.owned;
  const types = new Set(fields.map((field) => field.spec.type));
  const owner = owned ? ', ownerId: number | undefined' : '';
  const ownerArg = owned ? ', ownerId' : '';
  const scoped = (query: string) =>
    owned
      ? `let query = ${query}\nif (ownerId !== undefined) query = query.where('owner_id', '=', ownerId);`
      : `const query = ${query}`;

  const tableType = lines(
    `/** The \`${table}\` table as Kysely sees it. */`,
    `export interface ${Types}Table {`,
    'id: Generated<number>;',
    ...fields.map((field) => {
      const row =
        field.spec.type === 'enum'
          ? typeInfo(field.spec).api(field.spec)
          : typeInfo(field.spec).row;
      return `${field.column}: ${field.nullable && row.startsWith('ColumnType') ? row.replace(/string \| number, string, string/, 'string | number | null, string | null, string | null') : nullableType(row, field.nullable)};`;
    }),
    owned && 'owner_id: number;',
    "/** ISO 8601 UTC, like Tessera's timestamps. */",
    'created_at: string;',
    'updated_at: string;',
    '}',
  );
  const recordType = lines(
    `/** A ${names.label} as the API answers it. */`,
    `export interface ${Type} {`,
    'readonly id: number;',
    ...fields.map(
      (field) =>
        `readonly ${field.column}: ${nullableType(typeInfo(field.spec).api(field.spec), field.nullable)};`,
    ),
    owned && 'readonly owner_id: number;',
    'readonly created_at: string;',
    'readonly updated_at: string;',
    '}',
  );
  const newType = lines(
    `/** The body of a create: every required field; optional ones may be left out or null. */`,
    `export interface New${Type} {`,
    ...fields.map((field) => {
      const api = typeInfo(field.spec).api(field.spec);
      return field.spec.optional
        ? `readonly ${field.column}?: ${api} | null;`
        : `readonly ${field.column}: ${api};`;
    }),
    '}',
    '',
    '/** The body of a change: any of the fields. */',
    `export type ${Type}Patch = Partial<New${Type}>;`,
  );
  const queryType = lines(
    `export const ${names.singular.toUpperCase()}_SORT_FIELDS = [${strs(sorts.map(([column]) => column))}] as const;`,
    `export type ${Type}SortField = (typeof ${names.singular.toUpperCase()}_SORT_FIELDS)[number];`,
    '',
    `/** One page of ${names.label}s: which, and in what order. */`,
    `export interface ${Types}Query {`,
    'readonly page: number;',
    'readonly perPage: number;',
    '/** Case-insensitive substring of a searched field; blank: no search. */',
    'readonly search: string;',
    `readonly sort: ${Type}SortField;`,
    "readonly order: 'asc' | 'desc';",
    owned && "/** Only this user's records; `undefined`: everyone's. */",
    owned && 'readonly ownerId: number | undefined;',
    ...refs.map((field) => `readonly ${field.column}: number | undefined;`),
    '}',
  );
  const storeType = lines(
    `/** The \`${table}\` queries. Owner-scoped calls leave others' records alone, as if missing. */`,
    `export interface ${Types}Store {`,
    `list(query: ${Types}Query): Promise<{ records: ${Type}[]; total: number }>;`,
    `find(id: number${owner}): Promise<${Type} | undefined>;`,
    `create(input: New${Type}${owned ? ', ownerId: number' : ''}): Promise<${Type}>;`,
    `update(id: number, patch: ${Type}Patch${owner}): Promise<${Type} | undefined>;`,
    '/** False when there is no such record; throws a foreign-key violation while one refers to it. */',
    `remove(id: number${owner}): Promise<boolean>;`,
    refs.length > 0 && '/** The ref columns of `input` whose id names no record. */',
    refs.length > 0 && `missingReferences(input: ${Type}Patch): Promise<string[]>;`,
    '}',
  );

  const nullableSorts = sorts.filter(([, , nullable]) => nullable).map(([column]) => column);
  const constants = lines(
    searchable.length > 0 &&
      `const SEARCHED = [${strs(searchable.map((field) => field.column))}] as const;`,
    `/** Sorted with nulls last (first when descending), the same on both engines. */`,
    `const NULLS_LAST: ReadonlySet<string> = new Set(${nullableSorts.length > 0 ? `[${strs(nullableSorts)}]` : ''});`,
    searchable.length > 0 && "const LIKE_ESCAPE = '\\\\';",
  );
  const helpers = lines(
    searchable.length > 0 &&
      lines(
        '/** Escapes `\\`, `%` and `_` so the search term matches literally in `LIKE … ESCAPE`. */',
        'function escapeLike(text: string): string {',
        'return text.replace(/[\\\\%_]/g, (character) => `${LIKE_ESCAPE}${character}`);',
        '}',
        '',
      ),
    '/** The filter of a search: a case-insensitive substring of any searched field. */',
    'function searchFilter(search: string): Expression<SqlBool> | undefined {',
    'const term = search.trim();',
    "if (term === '') return undefined;",
    searchable.length > 0
      ? lines(
          'const pattern = `%${escapeLike(term)}%`;',
          'const matches = SEARCHED.map(',
          '(column) => sql`lower(${sql.ref(column)}) like lower(${pattern}) escape ${LIKE_ESCAPE}`,',
          ');',
          'return sql<SqlBool>`(${sql.join(matches, sql` or `)})`;',
        )
      : 'return sql<SqlBool>`1 = 0`;',
    '}',
    '',
    types.has('boolean') && '/** A boolean as both engines store it: 0 or 1. */',
    types.has('boolean') && 'function toFlag(value: boolean): number {\nreturn value ? 1 : 0;\n}\n',
    types.has('datetime') && '/** Any ISO 8601 time (the schema checked it) as UTC: `…Z`. */',
    types.has('datetime') &&
      'function toUtc(value: string): string {\nreturn new Date(value).toISOString();\n}\n',
    types.has('decimal') &&
      '/** PostgreSQL answers `numeric(15, 2)` as the string "12.50"; SQLite as the number 12.5. */',
    types.has('decimal') &&
      "function toDecimal(value: string | number): string {\nreturn typeof value === 'string' ? value : value.toFixed(2);\n}\n",
    `function to${Type}(row: Selectable<${Types}Table>): ${Type} {`,
    'return {',
    'id: row.id,',
    ...fields.map((field) => `${field.column}: ${fromColumn(field)},`),
    owned && 'owner_id: row.owner_id,',
    'created_at: row.created_at,',
    'updated_at: row.updated_at,',
    '};',
    '}',
    '',
    `function toRowPatch(patch: ${Type}Patch): Updateable<${Types}Table> {`,
    'return {',
    ...fields.map(
      (field) =>
        `...(patch.${field.column} === undefined ? {} : { ${field.column}: ${toColumn(field, `patch.${field.column}`, field.spec.optional)} }),`,
    ),
    '};',
    '}',
  );

  const body = lines(
    `export function create${Types}Store(database: Database): ${Types}Store {`,
    `const db = database.db.withTables<{ ${table}: ${Types}Table }>();`,
    '',
    owned
      ? lines(
          'function visible(ownerId: number | undefined) {',
          `const query = db.selectFrom(${str(table)});`,
          "return ownerId === undefined ? query : query.where('owner_id', '=', ownerId);",
          '}',
        )
      : lines('function visible() {', `return db.selectFrom(${str(table)});`, '}'),
    refs.length > 0 &&
      lines(
        '',
        'async function exists(target: string, id: number): Promise<boolean> {',
        'const found = await sql`select 1 as one from ${sql.table(target)} where id = ${id}`.execute(db);',
        'return found.rows.length > 0;',
        '}',
      ),
    '',
    'return {',
    'async list(query) {',
    `let base = visible(${owned ? 'query.ownerId' : ''});`,
    ...refs.map(
      (field) =>
        `if (query.${field.column} !== undefined) base = base.where(${str(field.column)}, '=', query.${field.column});`,
    ),
    'const filter = searchFilter(query.search);',
    'if (filter !== undefined) base = base.where(filter);',
    'let rows = base.selectAll();',
    'if (NULLS_LAST.has(query.sort)) rows = rows.orderBy(sql`${sql.ref(query.sort)} is null`, query.order);',
    'const found = await rows',
    '.orderBy(sql.ref(query.sort), query.order)',
    ".orderBy('id', query.order)",
    '.limit(query.perPage)',
    '.offset((query.page - 1) * query.perPage)',
    '.execute();',
    "const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();",
    `return { records: found.map(to${Type}), total: Number(counted?.total ?? 0) };`,
    '},',
    '',
    `async find(id${ownerArg}) {`,
    `const row = await visible(${owned ? 'ownerId' : ''}).selectAll().where('id', '=', id).executeTakeFirst();`,
    `return row === undefined ? undefined : to${Type}(row);`,
    '},',
    '',
    `async create(input${ownerArg}) {`,
    'const now = new Date().toISOString();',
    'const row = await db',
    `.insertInto(${str(table)})`,
    '.values({',
    ...fields.map(
      (field) =>
        `${field.column}: ${toColumn(field, `input.${field.column}`, field.spec.optional)},`,
    ),
    owned && 'owner_id: ownerId,',
    'created_at: now,',
    'updated_at: now,',
    '})',
    '.returningAll()',
    '.executeTakeFirstOrThrow();',
    `return to${Type}(row);`,
    '},',
    '',
    `async update(id, patch${ownerArg}) {`,
    scoped(
      `db.updateTable(${str(table)}).set({ ...toRowPatch(patch), updated_at: new Date().toISOString() }).where('id', '=', id);`,
    ),
    'const row = await query.returningAll().executeTakeFirst();',
    `return row === undefined ? undefined : to${Type}(row);`,
    '},',
    '',
    `async remove(id${ownerArg}) {`,
    scoped(`db.deleteFrom(${str(table)}).where('id', '=', id);`),
    'const result = await query.executeTakeFirst();',
    'return result.numDeletedRows > 0n;',
    '},',
    refs.length > 0 &&
      lines(
        '',
        'async missingReferences(input) {',
        'const missing: string[] = [];',
        ...refs.map(
          (field) =>
            `if (input.${field.column} != null && !(await exists(${str(field.spec.target ?? '')}, input.${field.column}))) missing.push(${str(field.column)});`,
        ),
        'return missing;',
        '},',
      ),
    '};',
    '}',
  );

  const kysely = [
    ...(types.has('decimal') ? ['type ColumnType'] : []),
    'type Expression',
    'type Generated',
    'type Selectable',
    'sql',
    'type SqlBool',
    'type Updateable',
  ];
  return lines(
    "import type { Database } from '@tessera/server';",
    `import { ${kysely.join(', ')} } from 'kysely';`,
    '',
    tableType,
    '',
    recordType,
    '',
    newType,
    '',
    queryType,
    '',
    storeType,
    '',
    constants,
    '',
    helpers,
    '',
    '/**',
    ` * Whether \`error\` is a foreign-key violation: PostgreSQL's SQLSTATE 23503, or SQLite's`,
    " * 'FOREIGN KEY constraint failed' (`SQLITE_CONSTRAINT_FOREIGNKEY`, or `…_TRIGGER` for RESTRICT).",
    ' */',
    'export function isForeignKeyViolation(error: unknown): boolean {',
    "if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return false;",
    'return (',
    "error.code === '23503' ||",
    "(error.code.startsWith('SQLITE_CONSTRAINT') && error.message.includes('FOREIGN KEY constraint failed'))",
    ');',
    '}',
    '',
    '/**',
    ` * The \`${table}\` queries on the database Tessera opened (\`app.tessera.database\`), SQLite or`,
    ' * PostgreSQL alike.',
    ' */',
    body,
    '',
  );
}
