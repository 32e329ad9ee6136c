import type { FieldSpec, FieldType } from '../spec.js';
import { str, strs } from './code.js';

/** What the server templates need to know about one field type. */
interface TypeInfo {
  /** The API's TypeScript type (a value, never null). */
  readonly api: (field: FieldSpec) => string;
  /** The table column's TypeScript type for Kysely (never null). */
  readonly row: string;
  /** The JSON schema of a written value (TypeScript source, without `null`). */
  readonly input: (field: FieldSpec) => string;
  /** The JSON schema of the value in a record (TypeScript source, without `null`). */
  readonly output: (field: FieldSpec) => string;
  /** Searched by `q`. */
  readonly searchable: boolean;
  /** Listed in `sort`; compared as numbers or as text in the generated tests. */
  readonly sort: 'number' | 'text' | false;
}

const MAX_INT = 2_147_483_647;

const TEXT = 'pattern: NO_NUL';

const TYPES: Readonly<Record<FieldType, TypeInfo>> = {
  string: {
    api: () => 'string',
    row: 'string',
    input: () => `{ type: 'string', minLength: 1, maxLength: 255, ${TEXT} }`,
    output: () => `{ type: 'string' }`,
    searchable: true,
    sort: 'text',
  },
  text: {
    api: () => 'string',
    row: 'string',
    input: () => `{ type: 'string', minLength: 1, maxLength: 65_535, ${TEXT} }`,
    output: () => `{ type: 'string' }`,
    searchable: true,
    sort: false,
  },
  integer: {
    api: () => 'number',
    row: 'number',
    input: () => `{ type: 'integer', minimum: -${MAX_INT + 1}, maximum: ${MAX_INT} }`,
    output: () => `{ type: 'integer' }`,
    searchable: false,
    sort: 'number',
  },
  decimal: {
    api: () => 'string',
    row: 'ColumnType<string | number, string, string>',
    input: () =>
      `{ type: 'string', pattern: '^-?(0|[1-9][0-9]{0,12})(\\\\.[0-9]{1,2})?$', description: 'Up to 13 digits and 2 decimals, as a string: "12.50"' }`,
    output: () => `{ type: 'string', pattern: '^-?[0-9]+\\\\.[0-9]{2}$' }`,
    searchable: false,
    sort: 'number',
  },
  boolean: {
    api: () => 'boolean',
    row: 'number',
    input: () => `{ type: 'boolean' }`,
    output: () => `{ type: 'boolean' }`,
    searchable: false,
    sort: 'number',
  },
  date: {
    api: () => 'string',
    row: 'string',
    input: () => `{ type: 'string', format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }`,
    output: () => `{ type: 'string', format: 'date' }`,
    searchable: false,
    sort: 'text',
  },
  datetime: {
    api: () => 'string',
    row: 'string',
    input: () =>
      `{ type: 'string', format: 'date-time', pattern: DATE_TIME, description: 'ISO 8601; stored and answered in UTC' }`,
    output: () => `{ type: 'string', format: 'date-time' }`,
    searchable: false,
    sort: 'text',
  },
  email: {
    api: () => 'string',
    row: 'string',
    input: () => `{ type: 'string', format: 'email', maxLength: 254 }`,
    output: () => `{ type: 'string', format: 'email' }`,
    searchable: true,
    sort: 'text',
  },
  url: {
    api: () => 'string',
    row: 'string',
    input: () => `{ type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 }`,
    output: () => `{ type: 'string', format: 'uri' }`,
    searchable: true,
    sort: 'text',
  },
  enum: {
    api: (field) => (field.values ?? []).map(str).join(' | '),
    row: 'string',
    input: (field) => `{ type: 'string', enum: [${strs(field.values ?? [])}] }`,
    output: (field) => `{ type: 'string', enum: [${strs(field.values ?? [])}] }`,
    searchable: false,
    sort: 'text',
  },
  ref: {
    api: () => 'number',
    row: 'number',
    input: (field) =>
      `{ type: 'integer', minimum: 1, maximum: ${MAX_INT}, description: ${str(`The id of one of ${field.target ?? ''}`)} }`,
    output: () => `{ type: 'integer' }`,
    searchable: false,
    sort: 'number',
  },
};

export function typeInfo(field: FieldSpec): TypeInfo {
  return TYPES[field.type];
}

/**
 * A JSON schema (source text) allowing `null` too: `type` becomes `[type, 'null']` and an
 * `enum` gets `null`.
 */
export function orNull(schema: string): string {
  return schema
    .replace(/type: '(\w+)'/, "type: ['$1', 'null']")
    .replace(/enum: \[([^\]]*)\]/, 'enum: [$1, null]');
}
