import type { RenderContext, ResourceSpec } from '../../src/scaffold/spec.js';

/** The two sample resources. */
export const POSTS: ResourceSpec = {
  name: 'posts',
  owned: true,
  fields: [
    { name: 'title', type: 'string', optional: false },
    { name: 'body', type: 'text', optional: true },
    { name: 'status', type: 'enum', optional: false, values: ['draft', 'published'] },
    { name: 'published_on', type: 'date', optional: true },
    { name: 'author', type: 'ref', optional: false, target: 'users' },
  ],
};

export const COMMENTS: ResourceSpec = {
  name: 'comments',
  owned: false,
  fields: [
    { name: 'body', type: 'text', optional: false },
    { name: 'post', type: 'ref', optional: false, target: 'posts' },
  ],
};

/** Every other field type, optional and not. */
export const GIZMOS: ResourceSpec = {
  name: 'gizmo_parts',
  owned: false,
  fields: [
    { name: 'count', type: 'integer', optional: false },
    { name: 'price', type: 'decimal', optional: true },
    { name: 'active', type: 'boolean', optional: false },
    { name: 'seen_at', type: 'datetime', optional: true },
    { name: 'contact', type: 'email', optional: false },
    { name: 'site', type: 'url', optional: true },
    { name: 'size', type: 'enum', optional: true, values: ['small', 'large'] },
    { name: 'comment', type: 'ref', optional: true, target: 'comments' },
  ],
};

export function contextOf(...specs: ResourceSpec[]): RenderContext {
  return { resources: new Map(specs.map((spec) => [spec.name, spec])), migrations: [] };
}
