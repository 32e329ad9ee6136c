import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GeneratedFile } from './spec.js';

interface PrettierApi {
  format(text: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
}

/** The app's own Prettier (from its node_modules), if it has one. */
async function loadPrettier(root: string): Promise<PrettierApi | undefined> {
  try {
    const resolved = createRequire(join(root, 'package.json')).resolve('prettier');
    const loaded = (await import(pathToFileURL(resolved).href)) as PrettierApi & {
      default?: PrettierApi;
    };
    // Its CommonJS entry loads as a namespace whose `default` is the API.
    return typeof loaded.format === 'function' ? loaded : loaded.default;
  } catch {
    return undefined;
  }
}

/**
 * Formats generated files with the app's Prettier and its configuration, so that generated code
 * passes `prettier --check` and its hash is stable; unchanged when the app has no Prettier.
 */
export async function formatFiles(
  root: string,
  files: readonly GeneratedFile[],
): Promise<GeneratedFile[]> {
  const prettier = await loadPrettier(root);
  if (prettier === undefined) return [...files];
  return await Promise.all(
    files.map(async (file) => {
      const filepath = join(root, file.path);
      const options = (await prettier.resolveConfig(filepath)) ?? {};
      return {
        path: file.path,
        content: await prettier.format(file.content, { ...options, filepath }),
      };
    }),
  );
}
