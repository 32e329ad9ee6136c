import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli-error.js';
import { API_REGISTRY, renderApiRegistry } from '../../src/scaffold/api-registry.js';
import { RECORD_FILE } from '../../src/scaffold/record.js';
import { removeResource, scaffoldResource } from '../../src/scaffold/scaffold-commands.js';
import { renderWebRegistry } from '../../src/scaffold/web/render-web.js';

const POSTS = [
  'title:string',
  'body:text?',
  'status:enum(draft|published)',
  'published_on:date?',
  'author:ref(users)',
];

/** A minimal app tree: the two registries, empty, as a fresh Tessera app has them. */
function freshApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'tessera-scaffold-'));
  for (const file of [renderApiRegistry([]), renderWebRegistry([])]) {
    mkdirSync(join(root, file.path, '..'), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
  }
  return root;
}

/** Every file under `root` with its content. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

function options(root: string, extra: { dryRun?: boolean; force?: boolean } = {}) {
  const lines: string[] = [];
  return {
    lines,
    root,
    dryRun: extra.dryRun ?? false,
    force: extra.force ?? false,
    out: (line: string) => lines.push(line),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('tessera scaffold, from adding to removing', () => {
  it('adds two related resources, refuses a repeat, and removes both back to the same bytes', async () => {
    const root = freshApp();
    const before = snapshot(root);
    expect(await scaffoldResource('posts', POSTS, true, options(root))).toBe(0);
    expect(
      await scaffoldResource('comments', ['body:text', 'post:ref(posts)'], false, options(root)),
    ).toBe(0);
    const scaffolded = snapshot(root);
    expect(Object.keys(scaffolded)).toEqual(
      expect.arrayContaining([
        RECORD_FILE,
        'apps/api/src/resources/posts/migrations/0001-posts-create.ts',
        'apps/api/src/resources/comments/migrations/0002-comments-create.ts',
      ]),
    );
    expect(scaffolded[API_REGISTRY]).toContain('postsResource, commentsResource');

    const repeat = await refusal(() =>
      scaffoldResource('comments', ['body:text', 'post:ref(posts)'], false, options(root)),
    );
    expect(repeat.exitCode).toBe(2);
    const referenced = await refusal(() => removeResource('posts', options(root)));
    expect(referenced.message).toContain('still referred to by comments');
    expect(snapshot(root)).toEqual(scaffolded);

    expect(await removeResource('comments', options(root))).toBe(0);
    expect(await removeResource('posts', options(root))).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });

  it('a changed field list adds a migration and never edits the first one', async () => {
    const root = freshApp();
    await scaffoldResource('posts', POSTS, true, options(root));
    const first = 'apps/api/src/resources/posts/migrations/0001-posts-create.ts';
    const firstBefore = snapshot(root)[first];
    expect(await scaffoldResource('posts', [...POSTS, 'views:integer?'], true, options(root))).toBe(
      0,
    );
    const after = snapshot(root);
    expect(after[first]).toBe(firstBefore);
    expect(after['apps/api/src/resources/posts/migrations/0002-posts-change.ts']).toContain(
      'views',
    );
    const required = await refusal(() =>
      scaffoldResource('posts', [...POSTS, 'views:integer?', 'rank:integer'], true, options(root)),
    );
    expect(required.message).toContain('must be optional');
  });

  it('leaves a hand-edited generated file alone, reports it, exits 1; --force overwrites', async () => {
    const root = freshApp();
    await scaffoldResource('posts', POSTS, true, options(root));
    const page = Object.keys(snapshot(root)).find((path) => path.endsWith('posts-list.html'));
    expect(page).toBeDefined();
    const edited = `${readFileSync(join(root, page!), 'utf8')}<!-- mine -->\n`;
    writeFileSync(join(root, page!), edited);
    const run = options(root);
    expect(await scaffoldResource('posts', [...POSTS, 'views:integer?'], true, run)).toBe(1);
    expect(run.lines.filter((line) => line.startsWith('CONFLICT'))).toEqual([`CONFLICT ${page!}`]);
    expect(readFileSync(join(root, page!), 'utf8')).toBe(edited);
    const forced = options(root, { force: true });
    expect(
      await scaffoldResource('posts', [...POSTS, 'views:integer?', 'likes:integer?'], true, forced),
    ).toBe(0);
    expect(readFileSync(join(root, page!), 'utf8')).not.toContain('<!-- mine -->');
    writeFileSync(join(root, page!), 'edited again');
    const repeat = await refusal(() =>
      scaffoldResource(
        'posts',
        [...POSTS, 'views:integer?', 'likes:integer?'],
        true,
        options(root),
      ),
    );
    expect(repeat.exitCode).toBe(2);
    const restore = options(root, { force: true });
    expect(
      await scaffoldResource(
        'posts',
        [...POSTS, 'views:integer?', 'likes:integer?'],
        true,
        restore,
      ),
    ).toBe(0);
    expect(readFileSync(join(root, page!), 'utf8')).toContain('<table');
  });

  it('--dry-run prints a diff of every file and writes nothing', async () => {
    const root = freshApp();
    const before = snapshot(root);
    const run = options(root, { dryRun: true });
    expect(await scaffoldResource('posts', POSTS, true, run)).toBe(0);
    const output = run.lines.join('\n');
    expect(output).toContain('+++ b/apps/api/src/resources/posts/posts-routes.ts');
    expect(output).toContain('nothing was written');
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses to run outside a Tessera app', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tessera-not-an-app-'));
    const error = await refusal(() => scaffoldResource('posts', POSTS, false, options(root)));
    expect(error.exitCode).toBe(2);
    expect(readdirSync(root)).toEqual([]);
  });
});
