import { namesOf } from '../names.js';
import type { RenderContext, ResourceSpec } from '../spec.js';
import { labelOf, quote, webFieldsOf, type WebField } from './web-fields.js';
import { sampleOf } from './samples.js';

const API_HELPERS = `
/** The API as the signed-in admin, for records the form refers to. */
interface Api {
  readonly userId: number;
  post(path: string, body: unknown): Promise<{ id: number }>;
}

async function apiAs(baseUrl: string): Promise<Api> {
  const login = await fetch(\`\${baseUrl}/api/auth/login\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { authorization: \`Bearer \${token}\`, 'content-type': 'application/json' };
  const me = (await (await fetch(\`\${baseUrl}/api/auth/me\`, { headers })).json()) as { id: number };
  return {
    userId: me.id,
    post: async (path, body) => {
      const response = await fetch(\`\${baseUrl}\${path}\`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(\`POST \${path}: \${response.status} \${await response.text()}\`);
      return (await response.json()) as { id: number };
    },
  };
}
`;

/** The seed functions creating, through the API, a record of `target` and what it requires. */
function seeds(target: string, context: RenderContext, done: Set<string>): string[] {
  if (target === 'users' || done.has(target)) return [];
  done.add(target);
  const spec = context.resources.get(target);
  if (spec === undefined) throw new TypeError(`no resource ${target}`);
  const n = namesOf(target);
  const required = webFieldsOf(spec, context).filter((field) => !field.spec.optional);
  const nested = required.flatMap((field) => seeds(field.ref?.target ?? 'users', context, done));
  const body = required
    .map((field) => {
      if (field.ref === undefined) return `    ${field.column}: ${sampleOf(field)},`;
      if (field.ref.target === 'users') return `    ${field.column}: api.userId,`;
      return `    ${field.column}: await seed${field.ref.names.pascalPlural}(api),`;
    })
    .join('\n');
  return [
    ...nested,
    `/** Creates a ${n.label} through the API (for a form to pick); returns its id. */
async function seed${n.pascalPlural}(api: Api): Promise<number> {
  const created = await api.post('/api/${target}', {
${body}
  });
  return created.id;
}`,
  ];
}

/** The steps filling one required field of the form in Chromium. */
function fillStep(field: WebField, context: RenderContext): string {
  const label = quote(field.label);
  const input = `page.getByLabel(${label}, { exact: true })`;
  switch (field.spec.type) {
    case 'boolean':
      return '';
    case 'integer':
      return `    await ${input}.fill('42');`;
    case 'date':
      return `    await ${input}.fill('3/14/2026');`;
    case 'datetime':
      return `    await ${input}.fill('2026-03-14T09:30');`;
    case 'enum': {
      const value = labelOf(field.spec.values?.[0] ?? '');
      return `    await ${input}.click();\n    await page.getByRole('option', { name: ${quote(value)} }).click();`;
    }
    case 'ref': {
      const ref = field.ref!;
      if (ref.target === 'users') {
        return `    await ${input}.fill('admin');\n    await page.getByRole('option', { name: ADMIN.email }).click();`;
      }
      const target = context.resources.get(ref.target)!;
      const labelField = webFieldsOf(target, context).find(
        (entry) => entry.column === ref.labelColumn,
      );
      const optionName =
        labelField === undefined || labelField.spec.optional
          ? `/^${labelOf(ref.names.label)} #\\d+$/`
          : sampleOf(labelField);
      const search =
        labelField === undefined || labelField.spec.optional
          ? `    await ${input}.click();`
          : `    await ${input}.fill(${sampleOf(labelField)});`;
      return `${search}\n    await page.getByRole('option', { name: ${optionName} }).click();`;
    }
    default:
      return `    await ${input}.fill(${sampleOf(field)});`;
  }
}

/** `e2e/tests/resources/${k}.test.ts`: an admin lists, creates, edits and deletes in Chromium. */
export function renderE2e(
  spec: ResourceSpec,
  fields: readonly WebField[],
  context: RenderContext,
): string {
  const n = namesOf(spec.name);
  const required = fields.filter((field) => !field.spec.optional);
  const refSeeds = required.filter(
    (field) => field.ref !== undefined && field.ref.target !== 'users',
  );
  const done = new Set<string>();
  const seedFunctions = refSeeds.flatMap((field) => seeds(field.ref!.target, context, done));
  const seedCalls = refSeeds
    .map((field) => `    await seed${field.ref!.names.pascalPlural}(api);`)
    .join('\n');
  const steps = required
    .map((field) => fillStep(field, context))
    .filter(Boolean)
    .join('\n');
  const editable = required.find((field) => ['string', 'text'].includes(field.spec.type));
  const shown = editable === undefined ? null : sampleOf(editable);
  const edit =
    editable === undefined
      ? `    await page.getByRole('button', { name: 'Save' }).click();`
      : `    await expect.poll(() => page.getByLabel(${quote(editable.label)}, { exact: true }).inputValue()).toBe(${shown});
    await page.getByLabel(${quote(editable.label)}, { exact: true }).fill('Changed by the test');
    await page.getByRole('button', { name: 'Save' }).click();`;
  const words = n.plural.replaceAll('_', ' ');
  return `/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../../support/browser.js';
import { serveTessera, type ServedTessera } from '../../support/server.js';

const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};

${seedFunctions.length > 0 ? API_HELPERS : ''}${seedFunctions.length > 0 ? `\n${seedFunctions.join('\n\n')}\n` : ''}
/** The ${words} pages (scaffolded) in Debian's Chromium against \`tessera serve\`. */
describe.runIf(browserAvailable())('the ${words} pages, end to end', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const snackBar = () => page.locator('mat-snack-bar-container');
  const rows = () => page.locator('tr.mat-mdc-row').allTextContents();

  beforeAll(async () => {
    server = await serveTessera();
    browser = await openBrowser();
    page = await browser.context.newPage();
    await page.goto(server.setupLink);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin' }).click();
    await page.waitForURL(\`\${server.baseUrl}/\`);
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  it('an admin creates, edits and deletes a ${n.label} through the list and the form', async () => {
${refSeeds.length > 0 ? `    const api = await apiAs(server.baseUrl);\n${seedCalls}\n` : ''}    await page.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: '${n.title}' }).click();
    await page.waitForURL(\`\${server.baseUrl}/${n.kebabPlural}\`);
    await page.getByRole('heading', { name: '${n.title}' }).waitFor();
    await expect.poll(rows).toEqual([expect.stringContaining('No ${words} found')]);

    await page.getByRole('link', { name: 'Add ${n.label}' }).click();
    await page.getByRole('heading', { name: 'New ${n.label}' }).waitFor();
${steps}
    await screenshot(page, 'resources-${n.kebabPlural}-new');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('${labelOf(n.singular)} created');
    await page.waitForURL(\`\${server.baseUrl}/${n.kebabPlural}\`);
    await expect.poll(rows).toHaveLength(1);
${shown === null ? '' : `    expect((await rows())[0]).toContain(${shown});\n`}    await screenshot(page, 'resources-${n.kebabPlural}-list');

    await page.getByRole('link', { name: /^Edit ${n.label} \\d+/ }).click();
    await page.getByRole('heading', { name: 'Edit ${n.label}' }).waitFor();
${edit}
    await expect.poll(() => snackBar().textContent()).toContain('${labelOf(n.singular)} saved');
    await page.waitForURL(\`\${server.baseUrl}/${n.kebabPlural}\`);
${editable === undefined ? '' : `    await expect.poll(async () => (await rows()).join()).toContain('Changed by the test');\n`}
    await page.getByRole('button', { name: /^Delete ${n.label} \\d+/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete ${n.label}' });
    await screenshot(page, 'resources-${n.kebabPlural}-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('${labelOf(n.singular)} deleted');
    await expect.poll(rows).toEqual([expect.stringContaining('No ${words} found')]);
  });
});
`;
}
