import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './record.js';
import type { GeneratedFile } from './spec.js';

/** What happens to one file. */
export type FileChange =
  | {
      readonly kind: 'create' | 'update';
      readonly path: string;
      readonly before: string;
      readonly after: string;
    }
  | { readonly kind: 'delete'; readonly path: string; readonly before: string }
  /** Edited by hand since scaffold wrote it (or not scaffold's): left alone unless forced. */
  | {
      readonly kind: 'conflict';
      readonly path: string;
      readonly before: string;
      readonly after: string | undefined;
    };

/** The changes between what is on disk and what the new record stands for. */
export interface Plan {
  readonly changes: readonly FileChange[];
  /** The hash of every file scaffold will own afterwards (conflicts keep their old hash). */
  readonly files: Record<string, string>;
}

function read(root: string, path: string): string | undefined {
  const file = join(root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Compares three states of every file: on disk, as scaffold last wrote it (`recorded` hashes,
 * or for a file never recorded, the previous render), and as the new record renders it. A file
 * that still has the hash scaffold wrote is updated or deleted; one that already has the new
 * content is left as it is; any other is a conflict.
 */
export function planChanges(
  root: string,
  previous: readonly GeneratedFile[],
  next: readonly GeneratedFile[],
  recorded: Readonly<Record<string, string>>,
): Plan {
  const before = new Map(previous.map((file) => [file.path, file.content]));
  const after = new Map(next.map((file) => [file.path, file.content]));
  const paths = [...new Set([...before.keys(), ...after.keys(), ...Object.keys(recorded)])].sort();
  const changes: FileChange[] = [];
  const files: Record<string, string> = {};
  for (const path of paths) {
    const disk = read(root, path);
    const wanted = after.get(path);
    const previousContent = before.get(path);
    const baseHash =
      recorded[path] ?? (previousContent === undefined ? undefined : sha256(previousContent));
    const untouched = disk !== undefined && sha256(disk) === baseHash;
    if (wanted !== undefined) files[path] = sha256(wanted);
    if (disk === wanted) continue;
    if (wanted === undefined) {
      if (disk === undefined) continue;
      if (untouched) changes.push({ kind: 'delete', path, before: disk });
      else changes.push({ kind: 'conflict', path, before: disk, after: undefined });
      continue;
    }
    if (disk === undefined) {
      changes.push({ kind: 'create', path, before: '', after: wanted });
    } else if (untouched) {
      changes.push({ kind: 'update', path, before: disk, after: wanted });
    } else {
      changes.push({ kind: 'conflict', path, before: disk, after: wanted });
      const kept = recorded[path];
      if (kept === undefined) delete files[path];
      else files[path] = kept;
    }
  }
  return { changes, files };
}
