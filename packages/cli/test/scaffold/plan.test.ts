import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/scaffold/plan.js';
import { sha256 } from '../../src/scaffold/record.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tessera-plan-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('what a scaffold changes', () => {
  it('creates new files, updates untouched ones, deletes the ones no longer generated', () => {
    const root = tree({ 'a.ts': 'old a', 'gone.ts': 'old gone' });
    const plan = planChanges(
      root,
      [
        { path: 'a.ts', content: 'old a' },
        { path: 'gone.ts', content: 'old gone' },
      ],
      [
        { path: 'a.ts', content: 'new a' },
        { path: 'b.ts', content: 'new b' },
      ],
      { 'a.ts': sha256('old a'), 'gone.ts': sha256('old gone') },
    );
    expect(plan.changes.map((change) => [change.kind, change.path])).toEqual([
      ['update', 'a.ts'],
      ['create', 'b.ts'],
      ['delete', 'gone.ts'],
    ]);
    expect(plan.files).toEqual({ 'a.ts': sha256('new a'), 'b.ts': sha256('new b') });
  });

  it('reports a file edited by hand as a conflict and keeps its recorded hash', () => {
    const root = tree({ 'page.ts': 'old page + my edit' });
    const plan = planChanges(
      root,
      [{ path: 'page.ts', content: 'old page' }],
      [{ path: 'page.ts', content: 'new page' }],
      { 'page.ts': sha256('old page') },
    );
    expect(plan.changes).toEqual([
      { kind: 'conflict', path: 'page.ts', before: 'old page + my edit', after: 'new page' },
    ]);
    expect(plan.files).toEqual({ 'page.ts': sha256('old page') });
  });

  it("never overwrites a file that is not scaffold's", () => {
    const root = tree({ 'mine.ts': 'hand-written' });
    const plan = planChanges(root, [], [{ path: 'mine.ts', content: 'generated' }], {});
    expect(plan.changes.map((change) => change.kind)).toEqual(['conflict']);
  });

  it('changes nothing when the tree already holds what the record stands for', () => {
    const root = tree({ 'a.ts': 'same' });
    const plan = planChanges(
      root,
      [{ path: 'a.ts', content: 'same' }],
      [{ path: 'a.ts', content: 'same' }],
      {
        'a.ts': sha256('same'),
      },
    );
    expect(plan.changes).toEqual([]);
  });

  it('uses the previous render as the base of a file never recorded (a registry)', () => {
    const root = tree({ 'registry.ts': 'empty registry' });
    const plan = planChanges(
      root,
      [{ path: 'registry.ts', content: 'empty registry' }],
      [{ path: 'registry.ts', content: 'registry with posts' }],
      {},
    );
    expect(plan.changes.map((change) => change.kind)).toEqual(['update']);
  });
});
