import type { GeneratedFile, RenderContext, ResourceSpec } from '../spec.js';
import { renderMigration } from './render-migration.js';
import { renderResource } from './render-resource.js';
import { renderRoutes } from './render-routes.js';
import { renderSchemas } from './render-schemas.js';
import { renderStore } from './render-store.js';
import { renderAccessTest } from './render-test-access.js';
import { renderCrudTest } from './render-test-crud.js';
import { renderFixtures } from './render-test-fixtures.js';
import { hasReferencesTest, renderReferencesTest } from './render-test-references.js';
import { renderValidationTest } from './render-test-validation.js';
import { serverModel } from './server-model.js';

/**
 * Every server file of a scaffolded resource: under `apps/api/src/resources/<k>/` the resource
 * (scopes, migrations, routes), its schemas, store and routes, one file per migration step; under
 * `apps/api/test/<k>/` its fixtures and the tests that pass as generated, on SQLite and
 * PostgreSQL. Paths are repository-relative POSIX; the content is close to Prettier's style
 * (the CLI formats every file).
 *
 * @example
 * ```ts
 * const posts: ResourceSpec = { name: 'posts', owned: true, fields: [{ name: 'title', type: 'string', optional: false }] };
 * const files = renderServerFiles(posts, {
 *   resources: new Map([['posts', posts]]),
 *   migrations: [{ kind: 'create', name: '0001-posts-create', spec: posts }],
 * });
 * files.map((file) => file.path); // ['apps/api/src/resources/posts/posts.resource.ts', …]
 * ```
 */
export function renderServerFiles(spec: ResourceSpec, context: RenderContext): GeneratedFile[] {
  const model = serverModel(spec, context);
  const k = model.names.kebabPlural;
  const src = `apps/api/src/resources/${k}`;
  const test = `apps/api/test/${k}`;
  return [
    { path: `${src}/${k}.resource.ts`, content: renderResource(model) },
    { path: `${src}/${k}-schemas.ts`, content: renderSchemas(model) },
    { path: `${src}/${k}-store.ts`, content: renderStore(model) },
    { path: `${src}/${k}-routes.ts`, content: renderRoutes(model) },
    ...context.migrations.map((step) => ({
      path: `${src}/migrations/${step.name}.ts`,
      content: renderMigration(step),
    })),
    { path: `${test}/${k}-fixtures.ts`, content: renderFixtures(model) },
    { path: `${test}/${k}-crud.test.ts`, content: renderCrudTest(model) },
    { path: `${test}/${k}-access.test.ts`, content: renderAccessTest(model) },
    { path: `${test}/${k}-validation.test.ts`, content: renderValidationTest(model) },
    ...(hasReferencesTest(model)
      ? [{ path: `${test}/${k}-references.test.ts`, content: renderReferencesTest(model) }]
      : []),
  ];
}
