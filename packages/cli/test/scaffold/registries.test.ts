import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_REGISTRY, renderApiRegistry } from '../../src/scaffold/api-registry.js';
import { formatFiles } from '../../src/scaffold/format.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the server registry', () => {
  it('is committed exactly as scaffold renders it with no resource (so remove restores it byte for byte)', async () => {
    const [rendered] = await formatFiles(root, [renderApiRegistry([])]);
    expect(readFileSync(`${root}${API_REGISTRY}`, 'utf8')).toBe(rendered?.content);
  });

  it('imports and lists each resource in the order they were scaffolded', async () => {
    const specs = [
      { name: 'posts', fields: [], owned: true },
      { name: 'blog_comments', fields: [], owned: false },
    ];
    const [rendered] = await formatFiles(root, [renderApiRegistry(specs)]);
    expect(rendered?.content).toContain(
      "import { postsResource } from './posts/posts.resource.js';\nimport { blogCommentsResource } from './blog-comments/blog-comments.resource.js';",
    );
    expect(rendered?.content).toContain(
      'RESOURCES: readonly ApiResource[] = [postsResource, blogCommentsResource];',
    );
  });
});
