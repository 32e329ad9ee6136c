import { namesOf } from '../names.js';
import type { GeneratedFile, RenderContext, ResourceSpec } from '../spec.js';
import { renderApi } from './render-api.js';
import { renderE2e } from './render-e2e.js';
import { renderFormHtml, renderFormScss, renderFormTs } from './render-form.js';
import { renderListHtml, renderListScss, renderListTs } from './render-list.js';
import { renderRoutes } from './render-routes.js';
import { renderFormSpec, renderListSpec } from './render-specs.js';
import { webFieldsOf } from './web-fields.js';

export { renderWebRegistry, WEB_REGISTRY_PATH } from './render-registry.js';

/**
 * The Angular pages of a resource, under `apps/web/src/app/resources/<kebab-plural>/`: the API
 * service, the list page, the create/edit form page, their routes and unit tests; and one
 * Chromium test under `e2e/tests/resources/`. Unformatted: the scaffold runs Prettier on them.
 *
 * @example
 * ```ts
 * const files = renderWebFiles(spec, { resources: new Map([[spec.name, spec]]), migrations: [] });
 * files.map((file) => file.path); // ['apps/web/src/app/resources/posts/posts-api.ts', …]
 * ```
 */
export function renderWebFiles(spec: ResourceSpec, context: RenderContext): GeneratedFile[] {
  const k = namesOf(spec.name).kebabPlural;
  const fields = webFieldsOf(spec, context);
  const dir = `apps/web/src/app/resources/${k}`;
  return [
    { path: `${dir}/${k}-api.ts`, content: renderApi(spec, fields) },
    { path: `${dir}/${k}-list.ts`, content: renderListTs(spec, fields) },
    { path: `${dir}/${k}-list.html`, content: renderListHtml(spec, fields) },
    { path: `${dir}/${k}-list.scss`, content: renderListScss(fields) },
    { path: `${dir}/${k}-form.ts`, content: renderFormTs(spec, fields) },
    { path: `${dir}/${k}-form.html`, content: renderFormHtml(spec, fields) },
    { path: `${dir}/${k}-form.scss`, content: renderFormScss() },
    { path: `${dir}/${k}.routes.ts`, content: renderRoutes(spec) },
    { path: `${dir}/${k}-list.spec.ts`, content: renderListSpec(spec, fields) },
    { path: `${dir}/${k}-form.spec.ts`, content: renderFormSpec(spec, fields) },
    { path: `e2e/tests/resources/${k}.test.ts`, content: renderE2e(spec, fields, context) },
  ];
}
