import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/scaffold/spec.js';
import { renderWebFiles } from '../../src/scaffold/web/render-web.js';
import { COMMENTS, contextOf, GIZMOS, POSTS } from './fixtures.js';

const ROOT = join(import.meta.dirname, '../../../..');
const CONTEXT = contextOf(POSTS, COMMENTS, GIZMOS);

function file(files: readonly GeneratedFile[], suffix: string): string {
  const found = files.find((entry) => entry.path.endsWith(suffix));
  if (found === undefined) throw new Error(`no ${suffix}`);
  return found.content;
}

describe('renderWebFiles', () => {
  it('writes the pages, routes and specs in the resource folder, and one Chromium test', () => {
    const paths = renderWebFiles(POSTS, CONTEXT).map((entry) => entry.path);
    const dir = 'apps/web/src/app/resources/posts';
    expect(paths).toEqual([
      `${dir}/posts-api.ts`,
      `${dir}/posts-list.ts`,
      `${dir}/posts-list.html`,
      `${dir}/posts-list.scss`,
      `${dir}/posts-form.ts`,
      `${dir}/posts-form.html`,
      `${dir}/posts-form.scss`,
      `${dir}/posts.routes.ts`,
      `${dir}/posts-list.spec.ts`,
      `${dir}/posts-form.spec.ts`,
      'e2e/tests/resources/posts.test.ts',
    ]);
  });

  it('uses kebab-case files and Pascal names for a snake_case resource', () => {
    const files = renderWebFiles(GIZMOS, CONTEXT);
    expect(files[0]?.path).toBe('apps/web/src/app/resources/gizmo-parts/gizmo-parts-api.ts');
    expect(file(files, '-api.ts')).toContain('export class GizmoPartsApi');
    expect(file(files, '-form.ts')).toContain('export class GizmoPartForm');
    expect(file(files, '.routes.ts')).toContain('export const GIZMO_PARTS_ROUTES: Routes');
  });

  it('is valid TypeScript, HTML and SCSS as Prettier parses them, and the same every time', async () => {
    for (const spec of [POSTS, COMMENTS, GIZMOS]) {
      const files = renderWebFiles(spec, CONTEXT);
      expect(renderWebFiles(spec, CONTEXT)).toEqual(files);
      for (const entry of files) {
        const path = join(ROOT, entry.path);
        const options = { ...(await resolveConfig(path)), filepath: path };
        await expect(format(entry.content, options)).resolves.toBeTypeOf('string');
      }
    }
  });

  it('types the record, the new record and the list page as the API sends them', () => {
    const api = file(renderWebFiles(POSTS, CONTEXT), 'posts-api.ts');
    expect(api).toContain("export const POST_STATUS_VALUES = ['draft', 'published'] as const;");
    expect(api).toContain('readonly body: string | null;');
    expect(api).toContain('readonly author_id: number;');
    expect(api).toContain('readonly owner_id: number;');
    expect(api).toContain('readonly posts: readonly PostDto[];');
  });

  it('offers Add, Edit and Delete only with the write scope, and guards the form routes', () => {
    const files = renderWebFiles(POSTS, CONTEXT);
    expect(file(files, 'posts-list.ts')).toContain("this.auth.scopes().includes('posts:write')");
    expect(file(files, 'posts-list.html')).toMatch(/@if \(canWrite\(\)\) \{\s*<a mat-flat-button/);
    const routes = file(files, 'posts.routes.ts');
    expect(routes).toContain("inject(TesseraAuth).hasScope('posts:write')");
    expect(routes.match(/canActivate: \[authGuard/g)).toHaveLength(3);
  });

  it('picks a user through /api/users, or only the signed-in user when listing is refused', () => {
    const files = renderWebFiles(POSTS, CONTEXT);
    const api = file(files, 'posts-api.ts');
    expect(api).toContain("this.http.get<UsersPage>('/api/users', { params: pickerParams(q) })");
    expect(api).toContain('error.status !== 403');
    expect(api).toContain(".get<UserDto>('/api/auth/me')");
    expect(api).toContain("new HttpParams().set('per_page', 10)");
    const form = file(files, 'posts-form.ts');
    expect(form).toContain('author_id: present(refId(value.author)),');
    expect(file(files, 'posts-form.html')).toContain('[matAutocomplete]="authorPicker"');
  });

  it('labels a referenced resource by its first string field', () => {
    const api = file(renderWebFiles(COMMENTS, CONTEXT), 'comments-api.ts');
    expect(api).toContain("'/api/posts'");
    expect(api).toContain('label: entry.title ?? `Post #${entry.id}`');
  });

  it('gives each type its control, validators and wire format', () => {
    const posts = renderWebFiles(POSTS, CONTEXT);
    const form = file(posts, 'posts-form.ts');
    expect(form).toContain("title: ['', [required, Validators.maxLength(255)]],");
    expect(form).toContain("body: [''],");
    expect(form).toContain('providers: [provideNativeDateAdapter()]');
    expect(form).toContain(
      'published_on: value.published_on === null ? null : isoDate(value.published_on),',
    );
    const html = file(posts, 'posts-form.html');
    expect(html).toContain('<textarea matInput formControlName="body" rows="4"></textarea>');
    expect(html).toContain('<mat-option value="published">Published</mat-option>');
    expect(html).toContain('[matDatepicker]="publishedOnPicker"');

    const gizmos = renderWebFiles(GIZMOS, CONTEXT);
    const gizmoForm = file(gizmos, '-form.ts');
    expect(gizmoForm).toContain('const DECIMAL_PATTERN = /^-?\\d{1,13}(\\.\\d{1,2})?$/;');
    expect(gizmoForm).toContain('const URL_PATTERN = /^https?:\\/\\//;');
    expect(gizmoForm).toContain('Number.isInteger(control.value)');
    expect(gizmoForm).toContain("contact: ['', [required, email, Validators.maxLength(255)]],");
    expect(gizmoForm).toContain(
      "seen_at: value.seen_at === '' ? null : new Date(value.seen_at).toISOString(),",
    );
    expect(gizmoForm).toContain('active: [false],');
    const gizmoHtml = file(gizmos, '-form.html');
    expect(gizmoHtml).toContain('type="datetime-local"');
    expect(gizmoHtml).toContain('<mat-option [value]="null">None</mat-option>');
    expect(gizmoHtml).toContain('<mat-checkbox formControlName="active">Active</mat-checkbox>');
    expect(gizmoHtml).toContain('type="number" step="1"');
  });

  it('seeds the referenced records through the API in the Chromium test', () => {
    const e2e = file(renderWebFiles(COMMENTS, CONTEXT), 'comments.test.ts');
    expect(e2e).toContain("await api.post('/api/posts', {");
    expect(e2e).toContain('author_id: api.userId,');
    expect(e2e).toContain("await screenshot(page, 'resources-comments-list');");
    expect(file(renderWebFiles(POSTS, CONTEXT), 'posts.test.ts')).not.toContain('apiAs');
  });

  it('refuses a ref to a resource it does not know', () => {
    expect(() => renderWebFiles(COMMENTS, contextOf(COMMENTS))).toThrow(TypeError);
  });
});
