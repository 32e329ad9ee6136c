import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderWebRegistry, WEB_REGISTRY_PATH } from '../../src/scaffold/web/render-web.js';
import { COMMENTS, POSTS } from './fixtures.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function formatted(text: string, path: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

describe('renderWebRegistry', () => {
  it('the committed registry is the formatted render of no resources', async () => {
    const path = join(ROOT, WEB_REGISTRY_PATH);
    const file = renderWebRegistry([]);
    expect(file.path).toBe('apps/web/src/app/resources/resources.ts');
    expect(await readFile(path, 'utf8')).toBe(await formatted(file.content, path));
  });

  it('lists each resource lazily, with a navigation entry, in the order given', async () => {
    const file = renderWebRegistry([POSTS, COMMENTS]);
    const text = await formatted(file.content, join(ROOT, file.path));
    expect(text).toContain(
      "loadChildren: () => import('./posts/posts.routes').then((m) => m.POSTS_ROUTES)",
    );
    expect(text).toContain(
      "loadChildren: () => import('./comments/comments.routes').then((m) => m.COMMENTS_ROUTES)",
    );
    expect(text).toContain("{ path: '/posts', label: 'Posts', icon: 'list' }");
    expect(text.indexOf("'/posts'")).toBeLessThan(text.indexOf("'/comments'"));
  });
});
