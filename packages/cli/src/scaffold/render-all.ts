import { renderApiRegistry } from './api-registry.js';
import type { ScaffoldRecord } from './record.js';
import { renderServerFiles } from './server/render-server.js';
import type { GeneratedFile, ResourceSpec } from './spec.js';
import { renderWebFiles, renderWebRegistry } from './web/render-web.js';

/**
 * Every file the record stands for, unformatted: each resource's server and web files, and the
 * two registries (which exist, empty, before anything is scaffolded).
 */
export function renderAll(record: ScaffoldRecord): GeneratedFile[] {
  const specs = record.resources.map((resource) => resource.spec);
  const resources = new Map<string, ResourceSpec>(specs.map((spec) => [spec.name, spec]));
  const files: GeneratedFile[] = [renderApiRegistry(specs), renderWebRegistry(specs)];
  for (const { spec, migrations } of record.resources) {
    const context = { resources, migrations };
    files.push(...renderServerFiles(spec, context), ...renderWebFiles(spec, context));
  }
  return files;
}
