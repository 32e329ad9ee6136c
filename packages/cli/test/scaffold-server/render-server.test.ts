import { describe, expect, it } from 'vitest';
import { renderServerFiles } from '../../src/scaffold/server/render-server.js';
import type { MigrationStep, RenderContext, ResourceSpec } from '../../src/scaffold/spec.js';

const posts: ResourceSpec = {
  name: 'posts',
  owned: true,
  fields: [
    { name: 'title', type: 'string', optional: false },
    { name: 'status', type: 'enum', optional: false, values: ['draft', 'published'] },
    { name: 'author', type: 'ref', optional: false, target: 'users' },
  ],
};
const comments: ResourceSpec = {
  name: 'comments',
  owned: false,
  fields: [
    { name: 'body', type: 'text', optional: false },
    { name: 'post', type: 'ref', optional: false, target: 'posts' },
  ],
};
const tags: ResourceSpec = {
  name: 'tags',
  owned: false,
  fields: [{ name: 'label', type: 'string', optional: false }],
};
const resources = new Map([
  ['posts', posts],
  ['comments', comments],
  ['tags', tags],
]);

function create(spec: ResourceSpec, name: string): RenderContext {
  return { resources, migrations: [{ kind: 'create', name, spec }] };
}

function fileOf(files: ReturnType<typeof renderServerFiles>, suffix: string): string {
  const file = files.find((candidate) => candidate.path.endsWith(suffix));
  if (file === undefined) throw new Error(`no file ending in ${suffix}`);
  return file.content;
}

describe('renderServerFiles', () => {
  it('renders the resource, schemas, store, routes, migration, fixtures and four tests of posts', () => {
    const paths = renderServerFiles(posts, create(posts, '0001-posts-create')).map((f) => f.path);
    expect(paths).toEqual([
      'apps/api/src/resources/posts/posts.resource.ts',
      'apps/api/src/resources/posts/posts-schemas.ts',
      'apps/api/src/resources/posts/posts-store.ts',
      'apps/api/src/resources/posts/posts-routes.ts',
      'apps/api/src/resources/posts/migrations/0001-posts-create.ts',
      'apps/api/test/posts/posts-fixtures.ts',
      'apps/api/test/posts/posts-crud.test.ts',
      'apps/api/test/posts/posts-access.test.ts',
      'apps/api/test/posts/posts-validation.test.ts',
      'apps/api/test/posts/posts-references.test.ts',
    ]);
  });

  it('renders no references test for a resource without refs that nothing refers to', () => {
    const paths = renderServerFiles(tags, create(tags, '0003-tags-create')).map((f) => f.path);
    expect(paths.some((path) => path.includes('references'))).toBe(false);
  });

  it('tests the 409 conflict only for a resource another one refers to', () => {
    const postsTest = fileOf(
      renderServerFiles(posts, create(posts, '0001-posts-create')),
      'posts-references.test.ts',
    );
    expect(postsTest).toContain("expectProblem(refused, 409, 'conflict')");
    expect(postsTest).toContain(
      "import { createComment } from '../comments/comments-fixtures.js';",
    );
    const commentsTest = fileOf(
      renderServerFiles(comments, create(comments, '0002-comments-create')),
      'comments-references.test.ts',
    );
    expect(commentsTest).toContain('filters the list by post_id');
    expect(commentsTest).not.toContain('409');
  });

  it('lets users write owned resources and only admins write the others', () => {
    const owned = fileOf(
      renderServerFiles(posts, create(posts, '0001-posts-create')),
      '.resource.ts',
    );
    expect(owned).toContain("'posts:write': ['user', 'admin']");
    expect(owned).toContain("'0001-posts-create': migration0001PostsCreate");
    const shared = fileOf(
      renderServerFiles(tags, create(tags, '0003-tags-create')),
      '.resource.ts',
    );
    expect(shared).toContain("'tags:read': ['user', 'admin']");
    expect(shared).toContain("'tags:write': ['admin']");
  });

  it('scopes owned queries to the caller and sets owner_id from the token, never the body', () => {
    const files = renderServerFiles(posts, create(posts, '0001-posts-create'));
    expect(fileOf(files, 'posts-routes.ts')).toContain(
      'store.create(request.body, currentUser(request).id)',
    );
    expect(fileOf(files, 'posts-schemas.ts')).not.toMatch(/fields = \{[^}]*owner_id/);
    expect(
      fileOf(renderServerFiles(tags, create(tags, '0003-tags-create')), 'tags-store.ts'),
    ).not.toContain('owner_id');
  });
});

describe('migrations', () => {
  const every: ResourceSpec = {
    name: 'gadgets',
    owned: false,
    fields: [
      { name: 'price', type: 'decimal', optional: false },
      { name: 'active', type: 'boolean', optional: true },
      { name: 'kind', type: 'enum', optional: false, values: ["it's", 'b'] },
      { name: 'name', type: 'string', optional: false },
      { name: 'post', type: 'ref', optional: true, target: 'posts' },
    ],
  };

  it('picks the column type per engine: numeric(15, 2) and collate "C" on PostgreSQL', () => {
    const migration = fileOf(
      renderServerFiles(every, create(every, '0004-gadgets-create')),
      '0004-gadgets-create.ts',
    );
    expect(migration).toContain(
      `const decimal = engine === 'postgres' ? 'numeric(15, 2)' : 'numeric';`,
    );
    expect(migration).toContain(
      'const text = engine === \'postgres\' ? sql`text collate "C"` : sql`text`;',
    );
    expect(migration).toContain('column.primaryKey().generatedByDefaultAsIdentity()');
    expect(migration).toContain('column.primaryKey().autoIncrement()');
  });

  it('constrains values in SQL too: length, 0/1, enum values (quoted), restricted refs', () => {
    const migration = fileOf(
      renderServerFiles(every, create(every, '0004-gadgets-create')),
      '0004-gadgets-create.ts',
    );
    expect(migration).toContain("sql`length(${sql.ref('name')}) <= 255`");
    expect(migration).toContain("sql`${sql.ref('active')} in (0, 1)`");
    expect(migration).toContain("sql`${sql.ref('kind')} in ('it''s', 'b')`");
    expect(migration).toContain(
      ".addColumn('post_id', 'integer', (column) => column.references('posts.id').onDelete('restrict')",
    );
    expect(migration).toContain("createIndex('gadgets_post_id_idx')");
  });

  it('cascades the owner and restricts refs to users', () => {
    const migration = fileOf(
      renderServerFiles(posts, create(posts, '0001-posts-create')),
      '0001-posts-create.ts',
    );
    expect(migration).toContain("column.notNull().references('users.id').onDelete('cascade')");
    expect(migration).toContain("column.notNull().references('users.id').onDelete('restrict')");
  });

  it('adds columns nullable (a required one with a note) and drops a ref index before its column', () => {
    const alter: MigrationStep = {
      kind: 'alter',
      name: '0005-posts-alter',
      resource: 'posts',
      added: [{ name: 'views', type: 'integer', optional: false }],
      removed: [{ name: 'author', type: 'ref', optional: false, target: 'users' }],
    };
    const files = renderServerFiles(posts, {
      resources,
      migrations: [{ kind: 'create', name: '0001-posts-create', spec: posts }, alter],
    });
    const migration = fileOf(files, '0005-posts-alter.ts');
    expect(migration).toContain(
      "await db.schema.alterTable('posts').addColumn('views', 'integer').execute();",
    );
    expect(migration).toContain('`views` is required for new writes');
    expect(migration.indexOf("dropIndex('posts_author_id_idx')")).toBeLessThan(
      migration.indexOf("dropColumn('author_id')"),
    );
    expect(fileOf(files, '0001-posts-create.ts')).not.toContain('views');
  });
});
