import { namesOf } from '../names.js';
import type { ResourceSpec } from '../spec.js';
import { capitalized } from './web-fields.js';

/** `posts` → `POSTS_ROUTES`: the routes constant of a resource. */
export function routesConstOf(name: string): string {
  return `${name.toUpperCase()}_ROUTES`;
}

/** `${k}.routes.ts`: the list, new and edit pages, behind `authGuard` (new and edit: write scope). */
export function renderRoutes(spec: ResourceSpec): string {
  const n = namesOf(spec.name);
  return `import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { authGuard, TesseraAuth } from '@tessera/angular';
import { ${n.pascalSingular}Form } from './${n.kebabPlural}-form';
import { ${n.pascalPlural}List } from './${n.kebabPlural}-list';

/** The form pages need \`${n.plural}:write\`; without it, back to the list. */
const canWrite: CanActivateFn = () =>
  inject(TesseraAuth).hasScope('${n.plural}:write') || inject(Router).parseUrl('/${n.kebabPlural}');

/** \`/${n.kebabPlural}\` (list), \`/${n.kebabPlural}/new\` and \`/${n.kebabPlural}/:id\` (form), loaded with the first visit. */
export const ${routesConstOf(spec.name)}: Routes = [
  {
    path: '',
    title: '${n.title} · Tessera',
    canActivate: [authGuard],
    component: ${n.pascalPlural}List,
  },
  {
    path: 'new',
    title: 'New ${n.label} · Tessera',
    canActivate: [authGuard, canWrite],
    component: ${n.pascalSingular}Form,
  },
  {
    path: ':id',
    title: '${capitalized(`edit ${n.label}`)} · Tessera',
    canActivate: [authGuard, canWrite],
    component: ${n.pascalSingular}Form,
  },
];
`;
}
