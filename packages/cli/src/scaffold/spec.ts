/** The field types `tessera scaffold` knows (`<name>:<type>[?]`). */
export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'email',
  'url',
  'enum',
  'ref',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * One field of a resource. `name` is a snake_case identifier; a `ref` field named `author`
 * is stored and sent as `author_id`, a foreign key to `target` (a resource's plural name or
 * `users`).
 */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** A trailing `?`: the field may be null (and may be left out when creating). */
  readonly optional: boolean;
  /** `enum(a|b|c)`: the allowed values, in order. */
  readonly values?: readonly string[];
  /** `ref(<plural-name>)`: the referenced resource, or `users`. */
  readonly target?: string;
}

/** A resource as declared on the command line. */
export interface ResourceSpec {
  /** Plural snake_case name: the table, the URL segment (`/api/<name>`), the scope prefix. */
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  /** `--owned`: each record belongs to the user who created it. */
  readonly owned: boolean;
}

/** A migration of a resource, as recorded: its global name and what it does. */
export type MigrationStep =
  | { readonly kind: 'create'; readonly name: string; readonly spec: ResourceSpec }
  | {
      readonly kind: 'alter';
      readonly name: string;
      readonly resource: string;
      readonly added: readonly FieldSpec[];
      readonly removed: readonly FieldSpec[];
    };

/** One file a generator produces: a repository-relative POSIX path and its whole content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** What a generator knows besides the resource itself. */
export interface RenderContext {
  /** Every scaffolded resource by name (this one included), to follow `ref` fields. */
  readonly resources: ReadonlyMap<string, ResourceSpec>;
  /** This resource's migrations, oldest first (the last one is new when it was just added). */
  readonly migrations: readonly MigrationStep[];
}
