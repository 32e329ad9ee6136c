import { columnOf, namesOf, type ResourceNames } from '../names.js';
import type { FieldSpec, RenderContext, ResourceSpec } from '../spec.js';
import { typeInfo } from './field-types.js';

/** A field as the server templates use it. */
export interface ServerField {
  readonly spec: FieldSpec;
  /** Column and JSON name (`author_id` for the ref `author`). */
  readonly column: string;
  /** May be null in the table and in records: optional, or added to existing rows later. */
  readonly nullable: boolean;
}

/** Another resource's ref field that points at this resource. */
export interface Referrer {
  readonly resource: ResourceSpec;
  readonly field: FieldSpec;
}

/** Everything the server templates of one resource derive from the spec and its context. */
export interface ServerModel {
  readonly spec: ResourceSpec;
  readonly names: ResourceNames;
  readonly fields: readonly ServerField[];
  readonly refs: readonly ServerField[];
  /** Refs to other scaffolded resources (not `users`): their records are created first. */
  readonly resourceRefs: readonly ServerField[];
  readonly searchable: readonly ServerField[];
  /** `sort` values with how the tests compare them: id, non-text fields, owner and timestamps. */
  readonly sorts: readonly (readonly [
    column: string,
    kind: 'number' | 'text',
    nullable: boolean,
  ])[];
  readonly referrers: readonly Referrer[];
  readonly context: RenderContext;
}

/** Columns added by an `alter` step, nullable in SQL even when the API requires them. */
function addedLater(spec: ResourceSpec, context: RenderContext): Set<string> {
  const added = new Set<string>();
  for (const step of context.migrations) {
    if (step.kind === 'alter' && step.resource === spec.name) {
      for (const field of step.added) added.add(columnOf(field));
    }
  }
  return added;
}

export function serverModel(spec: ResourceSpec, context: RenderContext): ServerModel {
  const later = addedLater(spec, context);
  const fields = spec.fields.map((field) => ({
    spec: field,
    column: columnOf(field),
    nullable: field.optional || later.has(columnOf(field)),
  }));
  const refs = fields.filter((field) => field.spec.type === 'ref');
  const sorts: (readonly [string, 'number' | 'text', boolean])[] = [['id', 'number', false]];
  for (const field of fields) {
    const kind = typeInfo(field.spec).sort;
    if (kind !== false) sorts.push([field.column, kind, field.nullable]);
  }
  if (spec.owned) sorts.push(['owner_id', 'number', false]);
  sorts.push(['created_at', 'text', false], ['updated_at', 'text', false]);
  const referrers: Referrer[] = [];
  for (const other of context.resources.values()) {
    if (other.name === spec.name) continue;
    for (const field of other.fields) {
      if (field.type === 'ref' && field.target === spec.name)
        referrers.push({ resource: other, field });
    }
  }
  return {
    spec,
    names: namesOf(spec.name),
    fields,
    refs,
    resourceRefs: refs.filter((field) => field.spec.target !== 'users'),
    searchable: fields.filter((field) => typeInfo(field.spec).searchable),
    sorts,
    referrers,
    context,
  };
}
