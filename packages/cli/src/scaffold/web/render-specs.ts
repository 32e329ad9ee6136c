import { namesOf } from '../names.js';
import type { ResourceSpec } from '../spec.js';
import { labelColumnOf, labelOf, quote, type WebField } from './web-fields.js';
import { searchedFields } from './render-list.js';
import { sampleCell, sampleOf, sampleRefRecord, SAMPLE_REF_ID } from './samples.js';

const STAMP = "'2026-03-14T09:30:00.000Z'";

/** The sample record the specs serve: every field set. */
function sampleRecord(spec: ResourceSpec, fields: readonly WebField[]): string {
  const rows = [
    '  id: 1,',
    ...fields.map((field) => `  ${field.column}: ${sampleOf(field)},`),
    ...(spec.owned ? ['  owner_id: 1,'] : []),
    `  created_at: ${STAMP},`,
    `  updated_at: ${STAMP},`,
  ];
  return `{\n${rows.join('\n')}\n}`;
}

/** The test bed shared by both specs: a client holding `scopes`, HttpClient under test. */
const HARNESS = `
function token(scope: string): string {
  const now = Math.floor(Date.now() / 1000);
  return fakeToken({ sub: '1', sid: 's1', scope, iat: now, exp: now + 900, jti: 't1' });
}

function provide(scope: string) {
  const client = new TesseraClient({
    fetch: fakeApi({}).fetch,
    refresh: { transport: 'cookie', crossTab: false },
  });
  client.setToken(token(scope));
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client, meUrl: null }),
      provideHttpClient(withInterceptors([tesseraInterceptor])),
      provideHttpClientTesting(),
      { provide: Notifier, useValue: notifier },
    ],
  });
  /** Waits for the request \`method url\` and answers it with \`body\`. */
  const answer = async (
    method: string,
    url: string,
    body: Parameters<TestRequest['flush']>[0],
  ): Promise<TestRequest> => {
    const request = await vi.waitFor(() => {
      const [found] = TestBed.inject(HttpTestingController).match((entry) => entry.method === method && entry.url === url);
      if (found === undefined) throw new Error(\`no \${method} \${url} yet\`);
      return found;
    });
    request.flush(body);
    return request;
  };
  return { client, notifier, answer };
}
`;

function imports(n: ReturnType<typeof namesOf>, component: string, file: string, extra: string) {
  return `import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
${extra}import { provideTessera, tesseraInterceptor } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../../core/notifier';
import { fakeApi, fakeToken } from '../../testing/fake-api';
import type { ${n.pascalSingular}Dto } from './${n.kebabPlural}-api';
import { ${component} } from './${file}';
`;
}

/** Answers the label lookups of the sample record's references. */
function answerLabels(fields: readonly WebField[], indent: string): string {
  return fields
    .filter((field) => field.ref !== undefined)
    .map(
      (field) =>
        `${indent}await answer('GET', '/api/${field.ref!.target}/${SAMPLE_REF_ID}', ${sampleRefRecord(field)});`,
    )
    .join('\n');
}

/** `${k}-list.spec.ts`. */
export function renderListSpec(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const list = `'/api/${n.plural}'`;
  const labelColumn = labelColumnOf(spec);
  const rowName =
    labelColumn === null
      ? `${n.label} 1`
      : `${n.label} 1 (${sampleOf(fields.find((field) => field.column === labelColumn)!).slice(1, -1)})`;
  const cells = fields
    .map(sampleCell)
    .filter((text): text is string => text !== null)
    .map((text) => `    expect(row).toContain(${quote(text)});`)
    .join('\n');
  const labels = answerLabels(fields, '    ');
  const searched = searchedFields(fields);
  const search =
    searched.length === 0
      ? ''
      : `
  it('searches through the API, from the first page', async () => {
    const { answer, element } = setup('${n.plural}:read');
    await answer('GET', ${list}, page([RECORD]));
${labels}
    const input = element.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = '  sample ';
    input.dispatchEvent(new Event('input'));
    const request = await answer('GET', ${list}, page([]));
    expect(request.request.params.get('q')).toBe('sample');
    expect(request.request.params.get('page')).toBe('1');
  });
`;
  return `${imports(n, `${n.pascalPlural}List`, `${n.kebabPlural}-list`, "import { MatDialog } from '@angular/material/dialog';\nimport { provideRouter } from '@angular/router';\nimport { of } from 'rxjs';\n")}
const RECORD: ${n.pascalSingular}Dto = ${sampleRecord(spec, fields)};

function page(records: ${n.pascalSingular}Dto[]) {
  return { ${n.plural}: records, total: records.length, page: 1, per_page: 20 };
}
${HARNESS}
function setup(scope: string) {
  const bed = provide(scope);
  const dialog = { open: vi.fn(() => ({ afterClosed: () => of(true) })), closeAll: vi.fn() };
  TestBed.overrideProvider(MatDialog, { useValue: dialog });
  const fixture = TestBed.createComponent(${n.pascalPlural}List);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const rows = () =>
    [...element.querySelectorAll('tr.mat-mdc-row')].map((row) => row.textContent ?? '');
  return { ...bed, dialog, fixture, element, rows };
}

afterEach(() => {
  TestBed.inject(HttpTestingController).verify();
});

describe('${n.pascalPlural}List', () => {
  it('shows the ${n.plural.replaceAll('_', ' ')} the API serves, with Add, Edit and Delete for a writer', async () => {
    const { answer, element, rows, client } = setup('${n.plural}:read ${n.plural}:write');
    const request = await answer('GET', ${list}, page([RECORD]));
    expect(request.request.params.toString()).toBe('page=1&per_page=20&sort=id&order=asc');
    expect(request.request.headers.get('Authorization')).toBe(\`Bearer \${client.getToken()}\`);
${labels}
    await vi.waitFor(() => expect(rows().join()).toContain(${quote(fields.find((field) => field.ref !== undefined) ? (sampleCell(fields.find((field) => field.ref !== undefined)!) ?? '') : '1')}));
    const [row = ''] = rows();
${cells}
    expect(element.querySelector('a[href="/${n.kebabPlural}/new"]')?.textContent).toContain('Add ${n.label}');
    expect(element.querySelector(${quote(`a[aria-label="Edit ${rowName}"]`)})?.getAttribute('href')).toBe(
      '/${n.kebabPlural}/1',
    );
    expect(element.querySelector(${quote(`button[aria-label="Delete ${rowName}"]`)})).not.toBeNull();
  });

  it('offers no Add, Edit or Delete without ${n.plural}:write', async () => {
    const { answer, element, rows } = setup('${n.plural}:read');
    await answer('GET', ${list}, page([RECORD]));
${labels}
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    const headers = [...element.querySelectorAll('th')].map((th) => th.textContent?.trim());
    expect(headers).not.toContain('Actions');
    expect(element.querySelector('a[href="/${n.kebabPlural}/new"]')).toBeNull();
    expect(element.querySelector('td.actions')).toBeNull();
  });

  it('deletes a ${n.label} once confirmed, then loads the page again', async () => {
    const { answer, element, rows, dialog, notifier } = setup('${n.plural}:read ${n.plural}:write');
    await answer('GET', ${list}, page([RECORD]));
${labels}
    await vi.waitFor(() => expect(element.querySelector('td.actions button')).not.toBeNull());
    element.querySelector<HTMLButtonElement>('td.actions button')!.click();
    expect(dialog.open).toHaveBeenCalledTimes(1);
    await answer('DELETE', '/api/${n.plural}/1', null);
    await answer('GET', ${list}, page([]));
    expect(notifier.info).toHaveBeenCalledWith('${labelOf(n.singular)} deleted');
    await vi.waitFor(() => expect(rows().join()).toContain('No ${n.plural.replaceAll('_', ' ')} found'));
  });
${search}});
`;
}

/** How the form spec fills a field in the page, and the value the API then receives. */
function fill(field: WebField): { readonly step: string; readonly sent: string } {
  const label = quote(field.label);
  switch (field.spec.type) {
    case 'integer':
      return { step: `type(${label}, '42');`, sent: '42' };
    case 'date':
      return { step: `type(${label}, '3/14/2026');`, sent: "'2026-03-14'" };
    case 'datetime':
      return {
        step: `type(${label}, '2026-03-14T09:30');`,
        sent: "new Date('2026-03-14T09:30').toISOString()",
      };
    case 'boolean':
      return { step: `check(${label});`, sent: 'true' };
    case 'enum': {
      const value = field.spec.values?.[0] ?? '';
      return { step: `await choose(${label}, ${quote(labelOf(value))});`, sent: quote(value) };
    }
    case 'ref':
      return {
        step: `await pick(${label}, '/api/${field.ref!.target}', ${sampleRefRecord(field)});`,
        sent: String(SAMPLE_REF_ID),
      };
    default:
      return { step: `type(${label}, ${sampleOf(field)});`, sent: sampleOf(field) };
  }
}

/** The helpers of \`setup()\` the create test uses. */
function createHelpers(fields: readonly WebField[]): string {
  const steps = fields.map((field) => fill(field).step).join('\n');
  const used = ['type', 'check', 'choose', 'pick'].filter((name) => steps.includes(`${name}(`));
  return ['answer', 'notifier', 'navigate', ...used, 'submit'].join(', ');
}

/** `${k}-form.spec.ts`. */
export function renderFormSpec(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const refs = fields.filter((field) => field.ref !== undefined);
  const pickers = refs
    .map(
      (field) =>
        `    await answer('GET', '/api/${field.ref!.target}', { ${field.ref!.target}: [${sampleRefRecord(field)}], total: 1, page: 1, per_page: 10 });`,
    )
    .join('\n');
  const required = fields
    .filter((field) => !field.spec.optional && field.spec.type !== 'boolean')
    .map((field) => `    expect(element.textContent).toContain('${field.label} is required');`)
    .join('\n');
  const steps = fields.map((field) => `    ${fill(field).step}`).join('\n');
  const sent = fields.map((field) => `      ${field.column}: ${fill(field).sent},`).join('\n');
  const firstText = fields.find((field) => ['string', 'text', 'email'].includes(field.spec.type));
  const edit =
    firstText === undefined
      ? ''
      : `
  it('edits a ${n.label}: shows its values, then sends them with the change', async () => {
    const { answer, element, fixture, notifier, navigate, input, submit } = setup();
    fixture.componentRef.setInput('id', '1');
${pickers}
    await answer('GET', '/api/${n.plural}/1', RECORD);
${answerLabels(fields, '    ')}
    await vi.waitFor(() => expect(input(${quote(firstText.label)}).value).toBe(${sampleOf(firstText)}));
    expect(element.querySelector('h1')?.textContent).toContain('Edit ${n.label}');
    input(${quote(firstText.label)}).value = ${quote(firstText.spec.type === 'email' ? 'changed@example.com' : 'Changed')};
    input(${quote(firstText.label)}).dispatchEvent(new Event('input'));
    submit();
    const request = await answer('PATCH', '/api/${n.plural}/1', RECORD);
    expect(request.request.body).toMatchObject({ ${firstText.column}: ${quote(firstText.spec.type === 'email' ? 'changed@example.com' : 'Changed')} });
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('${labelOf(n.singular)} saved'));
    expect(navigate).toHaveBeenCalledWith('/${n.kebabPlural}');
  });
`;
  return `${imports(n, `${n.pascalSingular}Form`, `${n.kebabPlural}-form`, "import { provideRouter, Router } from '@angular/router';\n")}
const RECORD: ${n.pascalSingular}Dto = ${sampleRecord(spec, fields)};
${HARNESS}
function setup() {
  const bed = provide('${n.plural}:read ${n.plural}:write');
  const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  const fixture = TestBed.createComponent(${n.pascalSingular}Form);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const field = (label: string) =>
    [...element.querySelectorAll('mat-form-field')].find(
      (entry) => entry.querySelector('mat-label')?.textContent?.trim() === label,
    )!;
  const input = (label: string) =>
    field(label).querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  const type = (label: string, value: string) => {
    input(label).value = value;
    input(label).dispatchEvent(new Event('input'));
  };
  const check = (label: string) =>
    [...element.querySelectorAll('mat-checkbox')]
      .find((entry) => entry.textContent?.trim() === label)!
      .querySelector('input')!
      .click();
  /** Opens a select and clicks the option showing \`text\`. */
  const choose = async (label: string, text: string) => {
    field(label).querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    const option = await vi.waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('mat-option')].find(
        (entry) => entry.textContent?.trim() === text,
      );
      if (found === undefined) throw new Error(\`no option \${text}\`);
      return found;
    });
    option.click();
  };
  /** Types in a picker, answers its search with \`record\`, and picks that record. */
  const pick = async (label: string, url: string, record: Record<string, unknown>) => {
    const picker = input(label);
    picker.focus();
    picker.value = 'sample';
    picker.dispatchEvent(new Event('input'));
    const key = url.slice('/api/'.length);
    await bed.answer('GET', url, { [key]: [record], total: 1, page: 1, per_page: 10 });
    const option = await vi.waitFor(() => {
      const found = document.querySelector<HTMLElement>('mat-option');
      if (found === null) throw new Error('no option yet');
      return found;
    });
    option.click();
  };
  const submit = () => element.querySelector('form')!.dispatchEvent(new Event('submit'));
  return { ...bed, navigate, fixture, element, input, type, check, choose, pick, submit };
}

afterEach(() => {
  TestBed.inject(HttpTestingController).verify();
});

describe('${n.pascalSingular}Form', () => {
  it('checks the required fields before sending anything', async () => {
    const { answer, element, fixture, submit } = setup();
${pickers}
    submit();
    await fixture.whenStable();
${required}
    expect(element.querySelector('h1')?.textContent).toContain('New ${n.label}');
  });

  it('creates a ${n.label} from the filled form and goes back to the list', async () => {
    const { ${createHelpers(fields)} } = setup();
${pickers}
${steps}
    submit();
    const request = await answer('POST', '/api/${n.plural}', RECORD);
    expect(request.request.body).toEqual({
${sent}
    });
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('${labelOf(n.singular)} created'));
    expect(navigate).toHaveBeenCalledWith('/${n.kebabPlural}');
  });
${edit}});
`;
}
