import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationStep, ResourceSpec } from './spec.js';

/** The file that records what `tessera scaffold` made, at the root of the app. */
export const RECORD_FILE = 'tessera.scaffold.json';

/** One scaffolded resource and its migrations, oldest first. */
export interface RecordedResource {
  readonly spec: ResourceSpec;
  readonly migrations: readonly MigrationStep[];
}

/**
 * Everything scaffolded so far: the resources in the order they were added, the next migration
 * number, and the SHA-256 of every file as scaffold last wrote it (a file whose content no longer
 * has that hash was edited by hand).
 */
export interface ScaffoldRecord {
  readonly version: 1;
  readonly nextMigration: number;
  readonly resources: readonly RecordedResource[];
  readonly files: Readonly<Record<string, string>>;
}

export const EMPTY_RECORD: ScaffoldRecord = {
  version: 1,
  nextMigration: 1,
  resources: [],
  files: {},
};

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads the record of the app at `root` (the empty record when there is none). */
export function readRecord(root: string): ScaffoldRecord {
  const file = join(root, RECORD_FILE);
  if (!existsSync(file)) return EMPTY_RECORD;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ScaffoldRecord;
  if (parsed.version !== 1 || !Array.isArray(parsed.resources)) {
    throw new Error(`${RECORD_FILE} is not a scaffold record of this version`);
  }
  return parsed;
}

/** The record's text, or undefined when nothing is scaffolded (the file is then removed). */
export function recordText(record: ScaffoldRecord): string | undefined {
  if (record.resources.length === 0) return undefined;
  const sortedFiles = Object.fromEntries(
    Object.entries(record.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return `${JSON.stringify({ ...record, files: sortedFiles }, null, 2)}\n`;
}

/** A migration name: the global sequence number, the resource, what it does. */
export function migrationName(
  sequence: number,
  resource: string,
  kind: 'create' | 'change',
): string {
  return `${String(sequence).padStart(4, '0')}-${resource.replaceAll('_', '-')}-${kind}`;
}
