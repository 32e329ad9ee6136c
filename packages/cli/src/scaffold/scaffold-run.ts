import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { API_REGISTRY } from './api-registry.js';
import { applyPlan, diffOf } from './apply.js';
import { formatFiles } from './format.js';
import { BAD_INPUT } from './parse-fields.js';
import { planChanges, type FileChange } from './plan.js';
import { RECORD_FILE, recordText, sha256, type ScaffoldRecord } from './record.js';
import { renderAll } from './render-all.js';

/** Exit code when files edited by hand were left alone. */
export const CONFLICTS = 1;

export interface RunOptions {
  readonly root: string;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly out: (line: string) => void;
}

/** Refuses to run outside a Tessera app (no server registry to register resources in). */
export function assertAppRoot(root: string): void {
  if (!existsSync(join(root, API_REGISTRY))) {
    throw new CliError(
      `no ${API_REGISTRY} here: run tessera scaffold at the root of a Tessera app`,
      BAD_INPUT,
    );
  }
}

const VERBS = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  conflict: 'CONFLICT',
} as const;

/**
 * Moves the tree from what `current` stands for to what `next` stands for: renders both,
 * formats, plans, and (unless a dry run) writes the files and the record. Returns the exit code:
 * 0, or {@link CONFLICTS} when hand-edited files were left alone.
 */
export async function moveTo(
  current: ScaffoldRecord,
  next: Omit<ScaffoldRecord, 'files'>,
  options: RunOptions,
): Promise<number> {
  const started = performance.now();
  const { root } = options;
  // The previous render is the base only of files the record has no hash for (the registries
  // before the first scaffold): only those are formatted.
  const unrecorded = renderAll(current).filter((file) => current.files[file.path] === undefined);
  const previous = await formatFiles(root, unrecorded);
  const wanted = await formatFiles(root, renderAll({ ...next, files: {} }));
  const plan = planChanges(root, previous, wanted, current.files);
  const conflicts = plan.changes.filter((change) => change.kind === 'conflict');
  const files = { ...plan.files };
  if (options.force) {
    // Forced conflicts are overwritten (or deleted): they hold scaffold's content again.
    for (const change of conflicts) {
      if (change.after === undefined) delete files[change.path];
      else files[change.path] = sha256(change.after);
    }
  }
  const record: ScaffoldRecord = { ...next, files };
  const raw = recordText(record);
  // Formatted like every other file, so the app's format check passes with it.
  const text =
    raw === undefined
      ? undefined
      : (await formatFiles(root, [{ path: RECORD_FILE, content: raw }]))[0]?.content;
  const report = (change: FileChange): void =>
    options.out(`${VERBS[change.kind].padEnd(8)} ${change.path}`);
  if (options.dryRun) {
    for (const change of plan.changes) {
      report(change);
      options.out(diffOf(change));
    }
    options.out(`${RECORD_FILE}: ${text === undefined ? 'delete' : 'update'}`);
    options.out(`dry run: ${plan.changes.length} file(s) would change; nothing was written`);
    return 0;
  }
  const label = (change: FileChange): string =>
    change.kind !== 'conflict'
      ? VERBS[change.kind]
      : change.after === undefined
        ? 'delete'
        : 'update';
  for (const change of applyPlan(root, plan, options.force)) {
    options.out(`${label(change).padEnd(8)} ${change.path}`);
  }
  if (!options.force) conflicts.forEach(report);
  const recordFile = join(root, RECORD_FILE);
  if (text === undefined) rmSync(recordFile, { force: true });
  else writeFileSync(recordFile, text);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (conflicts.length > 0 && !options.force) {
    options.out(
      `${conflicts.length} file(s) edited by hand were left alone (CONFLICT above); merge them yourself, or run again with --force to overwrite them`,
    );
    return CONFLICTS;
  }
  options.out(`done in ${seconds} s: ${plan.changes.length} file(s) changed`);
  return 0;
}
