import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Built file names carry a content hash (`main-QOLFDVTU.js`): cache them for a year. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(?:js|css|woff2?)$/;

/**
 * The app's Content Security Policy (SECURITY.md W08, W12): scripts only from this origin (the
 * build has no inline script), no plugins, no framing, API calls to this origin only. Styles
 * allow 'unsafe-inline' because Angular and Material add `<style>` elements at run time;
 * `base-uri 'self'` because the app's `<base href="/">` must apply on deep links.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SHELL_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': APP_CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** True when `dir` holds a built app (an `index.html`). */
export function isWebAppDir(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(join(dir, 'index.html'));
}

/** Answers a request with the app's `index.html` (read once at start). */
export type AppShell = (reply: FastifyReply) => FastifyReply;

/**
 * Serves the built single-page app from `root` on the API's origin: its files as they are
 * (hashed ones cached for a year, others revalidated), all public, and `index.html` at `/`.
 * Returns the app-shell responder, which the not-found handler also uses for the client-side
 * routes (`/login`, `/setup?token=…`).
 */
export async function loadWebApp(
  root: string,
): Promise<{ shell: AppShell; register: (app: FastifyInstance) => Promise<void> }> {
  const html = await readFile(join(root, 'index.html'));
  const shell: AppShell = (reply) =>
    reply.headers(SHELL_HEADERS).type('text/html; charset=utf-8').send(html);
  const register = async (app: FastifyInstance): Promise<void> => {
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
        route.schema = { ...route.schema, hide: true };
      });
      await scope.register(fastifyStatic, {
        root,
        wildcard: false,
        index: false,
        cacheControl: false,
        decorateReply: false,
        setHeaders(reply, path) {
          reply.header(
            'cache-control',
            HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
      scope.get('/', (_request, reply) => shell(reply));
    });
  };
  return { shell, register };
}
