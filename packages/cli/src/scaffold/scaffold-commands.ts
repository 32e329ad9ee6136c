import { CliError } from '../cli-error.js';
import { BAD_INPUT, checkResourceName, parseFields } from './parse-fields.js';
import { migrationName, readRecord, type RecordedResource } from './record.js';
import { assertAppRoot, moveTo, type RunOptions } from './scaffold-run.js';
import type { FieldSpec, MigrationStep, ResourceSpec } from './spec.js';

function sameField(a: FieldSpec, b: FieldSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `tessera scaffold <name> <fields…> [--owned]`: adds a resource, or changes one already
 * scaffolded (added and removed fields become a new migration; the applied ones never change).
 */
export async function scaffoldResource(
  name: string,
  fieldArgs: readonly string[],
  owned: boolean,
  options: RunOptions,
): Promise<number> {
  assertAppRoot(options.root);
  checkResourceName(name);
  const current = readRecord(options.root);
  const known = new Set(['users', ...current.resources.map((resource) => resource.spec.name)]);
  const fields = parseFields(fieldArgs, known, name);
  const spec: ResourceSpec = { name, fields, owned };
  const existing = current.resources.find((resource) => resource.spec.name === name);
  const sequence = current.nextMigration;
  let resources: RecordedResource[];
  if (existing === undefined) {
    const step: MigrationStep = {
      kind: 'create',
      name: migrationName(sequence, name, 'create'),
      spec,
    };
    resources = [...current.resources, { spec, migrations: [step] }];
  } else if (options.force && JSON.stringify(existing.spec) === JSON.stringify(spec)) {
    // The same fields with --force: no new migration, the generated files back as recorded.
    return await moveTo(current, current, options);
  } else {
    resources = current.resources.map((resource) =>
      resource === existing
        ? { spec, migrations: [...resource.migrations, changeStep(existing.spec, spec, sequence)] }
        : resource,
    );
  }
  return await moveTo(current, { version: 1, nextMigration: sequence + 1, resources }, options);
}

/** The migration from `before` to `after`; refuses what it cannot express. */
function changeStep(before: ResourceSpec, after: ResourceSpec, sequence: number): MigrationStep {
  if (before.owned !== after.owned) {
    throw new CliError(`${after.name}: --owned cannot be changed once scaffolded`, BAD_INPUT);
  }
  const added = after.fields.filter(
    (field) => !before.fields.some((old) => old.name === field.name),
  );
  const removed = before.fields.filter(
    (field) => !after.fields.some((now) => now.name === field.name),
  );
  const changed = after.fields.filter((field) => {
    const old = before.fields.find((candidate) => candidate.name === field.name);
    return old !== undefined && !sameField(old, field);
  });
  if (changed.length > 0) {
    throw new CliError(
      `${after.name}: field ${changed.map((field) => field.name).join(', ')} changed type or optionality; remove it in one scaffold and add it back in another`,
      BAD_INPUT,
    );
  }
  if (added.length === 0 && removed.length === 0) {
    throw new CliError(
      `${after.name} is already scaffolded with these fields; nothing to do`,
      BAD_INPUT,
    );
  }
  const required = added.filter((field) => !field.optional);
  if (required.length > 0) {
    throw new CliError(
      `${after.name}: a field added later must be optional (existing records have no value): write ${required.map((field) => `${field.name}:…?`).join(', ')}`,
      BAD_INPUT,
    );
  }
  return {
    kind: 'alter',
    name: migrationName(sequence, after.name, 'change'),
    resource: after.name,
    added,
    removed,
  };
}

/** `tessera scaffold remove <name>`: undoes a resource, refusing while another refers to it. */
export async function removeResource(name: string, options: RunOptions): Promise<number> {
  assertAppRoot(options.root);
  const current = readRecord(options.root);
  if (!current.resources.some((resource) => resource.spec.name === name)) {
    throw new CliError(`${name} is not a scaffolded resource`, BAD_INPUT);
  }
  const referrers = current.resources.filter((resource) =>
    resource.spec.fields.some((field) => field.type === 'ref' && field.target === name),
  );
  if (referrers.length > 0) {
    throw new CliError(
      `${name} is still referred to by ${referrers.map((resource) => resource.spec.name).join(', ')}; remove those first`,
      BAD_INPUT,
    );
  }
  const resources = current.resources.filter((resource) => resource.spec.name !== name);
  const nextMigration = resources.length === 0 ? 1 : current.nextMigration;
  return await moveTo(current, { version: 1, nextMigration, resources }, options);
}
