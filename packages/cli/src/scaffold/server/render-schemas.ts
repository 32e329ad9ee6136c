import { lines, str, strs } from './code.js';
import { orNull, typeInfo } from './field-types.js';
import type { ServerModel } from './server-model.js';

/**
 * `<k>-schemas.ts`: the JSON schemas of the five routes. They validate every request (400
 * `validation_failed`), serialize every answer, and describe the routes in the OpenAPI document.
 */
export function renderSchemas(model: ServerModel): string {
  const { names, fields, spec, refs, sorts } = model;
  const { pascalSingular: Type, label } = names;
  const one = names.camelSingular;
  const body = [...fields.map((field) => field.spec.type), ''].join(' ');
  const record = lines(
    `const ${one}Schema = {`,
    "type: 'object',",
    `required: [${strs(['id', ...fields.map((field) => field.column), ...(spec.owned ? ['owner_id'] : []), 'created_at', 'updated_at'])}],`,
    'additionalProperties: false,',
    'properties: {',
    "id: { type: 'integer' },",
    ...fields.map((field) => {
      const schema = typeInfo(field.spec).output(field.spec);
      return `${field.column}: ${field.nullable ? orNull(schema) : schema},`;
    }),
    spec.owned && "owner_id: { type: 'integer', description: 'The user who created it' },",
    "created_at: { type: 'string', format: 'date-time' },",
    "updated_at: { type: 'string', format: 'date-time' },",
    '},',
    '} as const;',
  );
  const writable = lines(
    '/** What a client writes: null only for optional fields. */',
    'const fields = {',
    ...fields.map((field) => {
      const schema = typeInfo(field.spec).input(field.spec);
      return `${field.column}: ${field.spec.optional ? orNull(schema) : schema},`;
    }),
    '} as const;',
  );
  const required = fields.filter((field) => !field.spec.optional).map((field) => field.column);
  return lines(
    'const security = [{ bearer: [] }];',
    `const tags = [${str(spec.name)}];`,
    "const problem = { $ref: 'Problem#' } as const;",
    'const errors = { 400: problem, 401: problem, 403: problem } as const;',
    '/** Text that reaches the database must not hold U+0000 (PostgreSQL cannot store it). */',
    "const NO_NUL = '^[^\\\\u0000]*$';",
    body.includes('datetime ') &&
      "const DATE_TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9](\\\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$';",
    '/** A path id: a positive decimal integer without sign, leading zero or exponent. */',
    "const ID = { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } as const;",
    "const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: ID } } as const;",
    '',
    `/** A ${label} as the API answers it. */`,
    record,
    '',
    writable,
    '',
    `export const list${names.pascalPlural}Schema = {`,
    'tags,',
    `summary: ${str(`List ${names.title.toLowerCase()} (paged, searchable, sortable${refs.length > 0 ? ', filtered' : ''})`)},`,
    'security,',
    'querystring: {',
    "type: 'object',",
    'additionalProperties: false,',
    'properties: {',
    "page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },",
    "per_page: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$' },",
    model.searchable.length > 0
      ? `q: { type: 'string', maxLength: 100, pattern: NO_NUL, description: ${str(`Case-insensitive search in ${model.searchable.map((field) => field.column).join(', ')}`)} },`
      : "q: { type: 'string', maxLength: 100, pattern: NO_NUL, description: 'No field is searched: a search finds nothing' },",
    `sort: { type: 'string', enum: [${strs(sorts.map(([column]) => column))}] },`,
    "order: { type: 'string', enum: ['asc', 'desc'] },",
    ...refs.map((field) => `${field.column}: ID,`),
    '},',
    '},',
    'response: {',
    '200: {',
    "type: 'object',",
    `required: [${strs([spec.name, 'total', 'page', 'per_page'])}],`,
    'properties: {',
    `${spec.name}: { type: 'array', items: ${one}Schema },`,
    "total: { type: 'integer' },",
    "page: { type: 'integer' },",
    "per_page: { type: 'integer' },",
    '},',
    '},',
    '...errors,',
    '},',
    '} as const;',
    '',
    `export const create${Type}Schema = {`,
    'tags,',
    `summary: ${str(`Create a ${label}`)},`,
    'security,',
    `body: { type: 'object', required: [${strs(required)}], additionalProperties: false, properties: fields },`,
    `response: { 201: ${one}Schema, ...errors },`,
    '} as const;',
    '',
    `export const read${Type}Schema = {`,
    'tags,',
    `summary: ${str(`Read a ${label}`)},`,
    'security,',
    'params: idParams,',
    `response: { 200: ${one}Schema, ...errors, 404: problem },`,
    '} as const;',
    '',
    `export const update${Type}Schema = {`,
    'tags,',
    `summary: ${str(`Change a ${label} (the fields sent)`)},`,
    'security,',
    'params: idParams,',
    "body: { type: 'object', additionalProperties: false, minProperties: 1, properties: fields },",
    `response: { 200: ${one}Schema, ...errors, 404: problem },`,
    '} as const;',
    '',
    `export const delete${Type}Schema = {`,
    'tags,',
    `summary: ${str(`Delete a ${label} (409 while other records refer to it)`)},`,
    'security,',
    'params: idParams,',
    "response: { 204: { type: 'null' }, ...errors, 404: problem, 409: problem },",
    '} as const;',
    '',
  );
}
