import { CliError } from '../cli-error.js';
import { columnOf } from './names.js';
import { FIELD_TYPES, type FieldSpec, type FieldType } from './spec.js';

/** Exit code of a refused scaffold command (bad input; nothing written). */
export const BAD_INPUT = 2;

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const ENUM_VALUE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Columns every resource has. */
const RESERVED_FIELDS = new Set(['id', 'owner_id', 'created_at', 'updated_at', 'owner']);
/** Names a resource cannot take: Tessera's tables and routes, SQL words a table cannot be. */
const RESERVED_RESOURCES = new Set([
  'users',
  'sessions',
  'refresh_tokens',
  'auth',
  'login',
  'setup',
  'health',
  'docs',
  'openapi',
  'scaffold',
  'remove',
  'resources',
  'select',
  'table',
  'order',
  'group',
  'index',
  'user',
]);

function refuse(message: string): never {
  throw new CliError(message, BAD_INPUT);
}

/** Checks a resource name: a plural snake_case identifier that Tessera does not use. */
export function checkResourceName(name: string): void {
  if (!IDENTIFIER.test(name)) {
    refuse(
      `"${name}" is not a valid resource name: use a plural snake_case identifier like blog_posts`,
    );
  }
  if (name.startsWith('tessera') || RESERVED_RESOURCES.has(name)) {
    refuse(`"${name}" is reserved; choose another resource name`);
  }
  if (!name.endsWith('s')) refuse(`"${name}" must be a plural name (like posts or categories)`);
}

function parseType(text: string, field: string): Pick<FieldSpec, 'type' | 'values' | 'target'> {
  const enumMatch = /^enum\((.*)\)$/.exec(text);
  if (enumMatch) {
    const values = (enumMatch[1] ?? '').split('|');
    if (values.some((value) => !ENUM_VALUE.test(value))) {
      refuse(`field "${field}": enum values must be lower-case words, like enum(draft|published)`);
    }
    if (new Set(values).size !== values.length) refuse(`field "${field}": enum values repeat`);
    return { type: 'enum', values };
  }
  const refMatch = /^ref\(([^)]*)\)$/.exec(text);
  if (refMatch) return { type: 'ref', target: refMatch[1] ?? '' };
  if (!(FIELD_TYPES as readonly string[]).includes(text) || text === 'enum' || text === 'ref') {
    refuse(
      `field "${field}": unknown type "${text}"; use string, text, integer, decimal, boolean, date, datetime, email, url, enum(a|b) or ref(<resource>)`,
    );
  }
  return { type: text as FieldType };
}

/**
 * Parses `<field>:<type>[?]` arguments. Refuses (exit 2, one line) an unknown type, a name that
 * is not an identifier or is reserved, a duplicate, and a `ref` to a resource not in `known`.
 *
 * @example
 * ```ts
 * parseFields(['title:string', 'author:ref(users)', 'status:enum(draft|published)?'], new Set(['users']));
 * ```
 */
export function parseFields(
  args: readonly string[],
  known: ReadonlySet<string>,
  resource: string,
): FieldSpec[] {
  if (args.length === 0) refuse('give at least one field, like title:string');
  const fields: FieldSpec[] = [];
  const columns = new Set<string>();
  for (const arg of args) {
    const colon = arg.indexOf(':');
    if (colon <= 0) refuse(`"${arg}" is not a field: write <name>:<type>, like title:string`);
    const name = arg.slice(0, colon);
    let typeText = arg.slice(colon + 1);
    const optional = typeText.endsWith('?');
    if (optional) typeText = typeText.slice(0, -1);
    if (!IDENTIFIER.test(name)) refuse(`"${name}" is not a valid field name: use snake_case`);
    if (RESERVED_FIELDS.has(name)) refuse(`"${name}" is reserved; every resource has it already`);
    const parsed = parseType(typeText, name);
    if (parsed.type === 'ref') {
      if (parsed.target === resource) refuse(`field "${name}": a resource cannot refer to itself`);
      if (!known.has(parsed.target ?? '')) {
        refuse(
          `field "${name}": ref(${parsed.target ?? ''}) names no resource; scaffold it first (known: ${[...known].join(', ')})`,
        );
      }
    }
    const field: FieldSpec = { name, optional, ...parsed };
    const column = columnOf(field);
    if (columns.has(column) || RESERVED_FIELDS.has(column)) {
      refuse(`field "${name}" is given twice (or clashes with column ${column})`);
    }
    columns.add(column);
    fields.push(field);
  }
  return fields;
}
