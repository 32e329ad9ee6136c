import type { Routes } from '@angular/router';

// Written by `tessera scaffold` (and `tessera scaffold remove`): edits by hand are reported as
// conflicts on the next scaffold.

/** A navigation entry of a resource: its list page, the link text, and a Material icon name. */
export interface ResourceNavEntry {
  readonly path: string;
  readonly label: string;
  readonly icon: string;
}

/** The scaffolded resources' pages, each loaded on its first visit (`app.routes.ts` adds them). */
export const RESOURCE_ROUTES: Routes = [];

/** The scaffolded resources' navigation entries (the toolbar shows them). */
export const RESOURCE_NAV: readonly ResourceNavEntry[] = [];
