import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { FileChange, Plan } from './plan.js';

/** Removes `dir` and its parents up to `root` while they are empty (a removed resource's folders). */
function pruneEmptyFolders(root: string, dir: string): void {
  let current = dir;
  while (current.startsWith(root) && current !== root) {
    try {
      if (readdirSync(current).length > 0) return;
      rmdirSync(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/**
 * Writes the plan: creates and updates files, deletes the ones no longer generated (and the
 * folders they leave empty), and, with `force`, overwrites conflicts too. Returns the changes
 * made.
 */
export function applyPlan(root: string, plan: Plan, force: boolean): FileChange[] {
  const done: FileChange[] = [];
  for (const change of plan.changes) {
    if (change.kind === 'conflict' && !force) continue;
    const file = join(root, change.path);
    const content = change.kind === 'delete' ? undefined : change.after;
    if (content === undefined) {
      rmSync(file, { force: true });
      pruneEmptyFolders(root, dirname(file));
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    done.push(change);
  }
  return done;
}

/** A unified diff of one change, for `--dry-run`. */
export function diffOf(change: FileChange): string {
  const after = change.kind === 'delete' ? '' : (change.after ?? '');
  return createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, change.before, after, '', '', {
    context: 2,
  });
}
