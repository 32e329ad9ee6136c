import { columnOf, namesOf, type ResourceNames } from '../names.js';
import type { FieldSpec, RenderContext, ResourceSpec } from '../spec.js';

/** What the web templates know of one field. */
export interface WebField {
  readonly spec: FieldSpec;
  /** The JSON name and form control: `author_id` of a ref `author`, else the field name. */
  readonly column: string;
  /** `Published on`: labels and messages. */
  readonly label: string;
  /** The wire type of the column, without `| null`. */
  readonly tsType: string;
  /** For a ref: how its target is looked up and labelled. */
  readonly ref?: RefTarget;
}

/** A ref field's target as the pages see it. */
export interface RefTarget {
  /** `users`, or a scaffolded resource's plural name. */
  readonly target: string;
  readonly names: ResourceNames;
  /** The target's column shown as its label (its first string field), `null` when it has none. */
  readonly labelColumn: string | null;
  /** `author`: the prefix of the API service's lookup methods (`authorOptions`, `authorOption`). */
  readonly method: string;
}

/** The field types whose value is a string shown as is (and searched by `q`). */
const STRING_LIKE = new Set(['string', 'email', 'url']);

/** `published_on` → `Published on`. */
export function labelOf(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words[0]!.toUpperCase() + words.slice(1);
}

/** `blog post` → `Blog post`. */
export function capitalized(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `PostStatus`: the type of an enum field's values. */
export function enumTypeOf(names: ResourceNames, field: FieldSpec): string {
  return `${names.pascalSingular}${namesOf(field.name).pascalPlural}`;
}

/** `POST_STATUS_VALUES`: the constant listing an enum field's values. */
export function enumConstOf(names: ResourceNames, field: FieldSpec): string {
  return `${names.singular}_${field.name}_values`.toUpperCase();
}

/** The column a resource is labelled by in pickers and messages: its first string field. */
export function labelColumnOf(spec: ResourceSpec): string | null {
  const field = spec.fields.find((entry) => STRING_LIKE.has(entry.type));
  return field === undefined ? null : field.name;
}

function refTarget(field: FieldSpec, context: RenderContext): RefTarget {
  const target = field.target;
  if (target === undefined) throw new TypeError(`ref field ${field.name} has no target`);
  const method = namesOf(field.name).camelPlural;
  if (target === 'users') return { target, names: namesOf(target), labelColumn: 'email', method };
  const spec = context.resources.get(target);
  if (spec === undefined) throw new TypeError(`ref field ${field.name}: no resource ${target}`);
  return { target, names: namesOf(target), labelColumn: labelColumnOf(spec), method };
}

function tsTypeOf(names: ResourceNames, field: FieldSpec): string {
  switch (field.type) {
    case 'integer':
    case 'ref':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return enumTypeOf(names, field);
    default:
      return 'string';
  }
}

/** The fields of a resource as the web templates use them. */
export function webFieldsOf(spec: ResourceSpec, context: RenderContext): WebField[] {
  const names = namesOf(spec.name);
  return spec.fields.map((field) => ({
    spec: field,
    column: columnOf(field),
    label: labelOf(field.name),
    tsType: tsTypeOf(names, field),
    ...(field.type === 'ref' ? { ref: refTarget(field, context) } : {}),
  }));
}

/** A quoted TypeScript string literal. */
export function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
