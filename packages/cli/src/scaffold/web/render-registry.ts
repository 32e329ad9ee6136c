import { namesOf } from '../names.js';
import type { GeneratedFile, ResourceSpec } from '../spec.js';
import { routesConstOf } from './render-routes.js';

/** Where the web registry lives. */
export const WEB_REGISTRY_PATH = 'apps/web/src/app/resources/resources.ts';

/**
 * `apps/web/src/app/resources/resources.ts`: every scaffolded resource's routes (each loaded
 * lazily) and navigation entry, in the order given. It exists, empty, before anything is
 * scaffolded; `app.routes.ts` and the toolbar read it.
 */
export function renderWebRegistry(specs: readonly ResourceSpec[]): GeneratedFile {
  const routes = specs.map((spec) => {
    const n = namesOf(spec.name);
    return `  {
    path: '${n.kebabPlural}',
    loadChildren: () =>
      import('./${n.kebabPlural}/${n.kebabPlural}.routes').then((m) => m.${routesConstOf(spec.name)}),
  },`;
  });
  const nav = specs.map((spec) => {
    const n = namesOf(spec.name);
    return `  { path: '/${n.kebabPlural}', label: '${n.title}', icon: 'list' },`;
  });
  const list = (rows: string[]) => (rows.length === 0 ? '[]' : `[\n${rows.join('\n')}\n]`);
  const content = `import type { Routes } from '@angular/router';

// Written by \`tessera scaffold\` (and \`tessera scaffold remove\`): edits by hand are reported as
// conflicts on the next scaffold.

/** A navigation entry of a resource: its list page, the link text, and a Material icon name. */
export interface ResourceNavEntry {
  readonly path: string;
  readonly label: string;
  readonly icon: string;
}

/** The scaffolded resources' pages, each loaded on its first visit (\`app.routes.ts\` adds them). */
export const RESOURCE_ROUTES: Routes = ${list(routes)};

/** The scaffolded resources' navigation entries (the toolbar shows them). */
export const RESOURCE_NAV: readonly ResourceNavEntry[] = ${list(nav)};
`;
  return { path: WEB_REGISTRY_PATH, content };
}
