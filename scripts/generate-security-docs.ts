// Generates the security coverage section of docs/security.md: each requirement of the design's
// SECURITY.md §1 (transcribed in docs/security-requirements.json) with its ASVS 5.0 numbers, the
// catalogue rows (§2) it names, the test files that exercise those rows, and its status.
//
// `--check` (CI) exits 1 when the committed section differs from the rendered one, when a row
// named by an in-scope requirement has no test and no `outOfScope`/`coveredBy` entry, when a
// test title names an ID that is not in the catalogue, or when a `coveredBy` file is missing.
// Without `--check` it rewrites the section (between the markers) and reports the same problems.
//
// Which tests count for a row (the rule; see scanTestSource):
// - Test files: packages/*/test/**/*.test.ts, e2e/tests/**/*.test.ts, scripts/test/**/*.test.ts
//   (the vitest suites) and apps/*/src/**/*.spec.ts (the Angular app's suite). Parsed with the
//   TypeScript parser, never executed.
// - A test is a call of `it` or `test`, with any of the modifiers each, for, only, concurrent,
//   sequential, skipIf, runIf (`it.each(table)('…')` included), whose title is a string or
//   template literal. `skip`, `todo` and `fails` tests never count.
// - A test names the IDs its title starts with: one ID, a range or a list, e.g. `A07 …`,
//   `P02–P04 …`, `U02, U03 …`, `G1, G6: …`. Ranges (– or -) are expanded. IDs later in an `it`
//   title do not count.
// - A `describe` (or `suite`) names the IDs its title starts with plus those in any parenthesis
//   whose comma-separated parts are IDs or ranges: `keys never come from the token (H06–H16)`.
//   A test whose own title names no ID inherits the IDs of its nearest describe that names some;
//   a test that names IDs itself counts for those only.
// - Counts are test declarations (an `it.each` counts once), per file.
// - Typo guard: every ID-shaped token (a capital and two digits, or G and one digit) anywhere in
//   a test or describe title must be a catalogue row.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type TypeScript from 'typescript';

// `require` skips the ESM loader's export scan of typescript.js (a second or more under tsx).
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

export const START_MARKER = '<!-- security-coverage:start -->';
export const END_MARKER = '<!-- security-coverage:end -->';

// ---------------------------------------------------------------------------------------------
// IDs and ranges

const ID = String.raw`(?:[A-Z]\d{2}|G\d)`;
const RANGE = String.raw`${ID}(?:\s*[–—-]\s*${ID})?`;
const LIST = String.raw`${RANGE}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*)${RANGE})*`;
const LEADING = new RegExp(String.raw`^\s*(${LIST})(?=$|[\s:,.;)])`);
const WHOLE_RANGE = new RegExp(String.raw`^${RANGE}$`);
const ID_TOKEN = new RegExp(String.raw`\b${ID}\b`, 'g');

/** `A07` → `['A', 7, 2]` (letter, number, digit count). */
function splitId(id: string): [string, number, number] {
  return [id.slice(0, 1), Number(id.slice(1)), id.length - 1];
}

/**
 * Expands a list of IDs and ranges: `"S02–S04, H01"` → `['S02', 'S03', 'S04', 'H01']`. Commas,
 * `and` and `/` separate; `–`, `—` or `-` make a range. Throws on a range across letters or
 * backwards, or on anything that is not an ID.
 */
export function expandIds(spec: string): string[] {
  const ids: string[] = [];
  for (const part of spec.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*\/\s*/)) {
    const text = part.trim();
    if (text === '') continue;
    const range = new RegExp(String.raw`^(${ID})\s*[–—-]\s*(${ID})$`).exec(text);
    if (range) {
      const [first = '', last = ''] = [range[1], range[2]];
      const [letter, from, width] = splitId(first);
      const [lastLetter, to] = splitId(last);
      if (letter !== lastLetter || to < from) throw new Error(`bad range "${text}"`);
      for (let n = from; n <= to; n += 1) ids.push(letter + String(n).padStart(width, '0'));
    } else if (new RegExp(String.raw`^${ID}$`).test(text)) {
      ids.push(text);
    } else {
      throw new Error(`not a row ID: "${text}"`);
    }
  }
  return ids;
}

/** The IDs a title starts with (`"P02–P04 each failure"` → P02, P03, P04), expanded. */
export function leadingIds(title: string): string[] {
  const match = LEADING.exec(title);
  return match?.[1] ? expandIds(match[1]) : [];
}

/** IDs in parentheses whose parts are IDs or ranges: `"keys (H06–H08, see X)"` → H06–H08. */
export function parentheticalIds(title: string): string[] {
  const ids: string[] = [];
  for (const [, inside = ''] of title.matchAll(/\(([^()]*)\)/g)) {
    for (const part of inside.split(/\s*,\s*|\s+and\s+/)) {
      if (WHOLE_RANGE.test(part.trim())) ids.push(...expandIds(part));
    }
  }
  return ids;
}

/** Every ID-shaped token of a title, range ends included (for the typo guard). */
export function idTokens(title: string): string[] {
  return [...title.matchAll(ID_TOKEN)].map((match) => match[0]);
}

/** `['S02', 'S03', 'S04', 'H01']` → `"S02–S04, H01"` (consecutive IDs of one letter merged). */
export function compressIds(ids: readonly string[]): string {
  const parts: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 2) parts.push(`${run[0]}–${run.at(-1)}`);
    else parts.push(...run);
    run = [];
  };
  for (const id of ids) {
    const previous = run.at(-1);
    if (previous !== undefined) {
      const [letter, n] = splitId(previous);
      const [nextLetter, next, width] = splitId(id);
      if (letter !== nextLetter || next !== n + 1 || width !== previous.length - 1) flush();
    }
    run.push(id);
  }
  flush();
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// The requirements file

export interface RowNote {
  /** Why the row is not tested in this release (must be true). */
  readonly outOfScope?: string;
  /** `path (how)`: what checks the row in CI when no test title names it; the path must exist. */
  readonly coveredBy?: string;
  readonly note?: string;
}

export interface Requirement {
  readonly n: number;
  readonly section: string;
  readonly title: string;
  readonly asvs: readonly string[];
  readonly rows: readonly string[];
  readonly outOfScope?: string;
  readonly note?: string;
}

export interface Family {
  readonly prefix: string;
  readonly section: string;
  readonly title: string;
  readonly rows: string;
}

export interface Requirements {
  readonly families: readonly Family[];
  readonly rows: Readonly<Record<string, RowNote>>;
  readonly items: readonly Requirement[];
  /** Every catalogue ID, in family order. */
  readonly catalogue: readonly string[];
}

function fail(message: string): never {
  throw new Error(`security-requirements.json: ${message}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string`);
  return value;
}

function optionalText(object: Record<string, unknown>, key: string, where: string) {
  return object[key] === undefined ? {} : { [key]: text(object[key], `${where}.${key}`) };
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value.map((entry, i) => text(entry, `${where}[${i}]`));
}

/** Validates the parsed JSON of docs/security-requirements.json. */
export function parseRequirements(json: unknown): Requirements {
  const root = record(json, 'the file');
  if (!Array.isArray(root['families'])) fail('families must be an array');
  const families = root['families'].map((entry, i): Family => {
    const family = record(entry, `families[${i}]`);
    return {
      prefix: text(family['prefix'], `families[${i}].prefix`),
      section: text(family['section'], `families[${i}].section`),
      title: text(family['title'], `families[${i}].title`),
      rows: text(family['rows'], `families[${i}].rows`),
    };
  });
  const catalogue = families.flatMap((family) => expandIds(family.rows));
  const known = new Set(catalogue);
  if (known.size !== catalogue.length) fail('a catalogue ID is listed twice');

  const rows: Record<string, RowNote> = {};
  for (const [id, entry] of Object.entries(record(root['rows'], 'rows'))) {
    if (!known.has(id)) fail(`rows.${id} is not a catalogue row`);
    const note = record(entry, `rows.${id}`);
    const unknownKeys = Object.keys(note).filter(
      (k) => !['outOfScope', 'coveredBy', 'note'].includes(k),
    );
    if (unknownKeys.length > 0) fail(`rows.${id} has unknown keys ${unknownKeys.join(', ')}`);
    if (note['outOfScope'] !== undefined && note['coveredBy'] !== undefined) {
      fail(`rows.${id} is either out of scope or covered, not both`);
    }
    rows[id] = {
      ...optionalText(note, 'outOfScope', `rows.${id}`),
      ...optionalText(note, 'coveredBy', `rows.${id}`),
      ...optionalText(note, 'note', `rows.${id}`),
    };
  }

  if (!Array.isArray(root['items'])) fail('items must be an array');
  const items = root['items'].map((entry, i): Requirement => {
    const item = record(entry, `items[${i}]`);
    if (item['n'] !== i + 1) fail(`items[${i}].n must be ${i + 1}`);
    const itemRows = strings(item['rows'], `items[${i}].rows`);
    for (const id of itemRows) if (!known.has(id)) fail(`item ${i + 1} names unknown row ${id}`);
    const asvs = strings(item['asvs'], `items[${i}].asvs`);
    for (const id of asvs) {
      if (!/^\d+\.\d+\.\d+$/.test(id)) fail(`item ${i + 1}: "${id}" is not an ASVS number`);
    }
    return {
      n: i + 1,
      section: text(item['section'], `items[${i}].section`),
      title: text(item['title'], `items[${i}].title`),
      asvs,
      rows: itemRows,
      ...optionalText(item, 'outOfScope', `items[${i}]`),
      ...optionalText(item, 'note', `items[${i}]`),
    };
  });
  return { families, rows, items, catalogue };
}

// ---------------------------------------------------------------------------------------------
// Scanning test files

/** One counted test: where it is and the rows it names (own or inherited). */
export interface ScannedTest {
  readonly line: number;
  readonly rows: readonly string[];
}

/** An ID-shaped token in a title (or a malformed range: `error`), with where it was found. */
export interface Mention {
  readonly line: number;
  readonly id: string;
  readonly title: string;
  readonly error?: string;
}

export interface ScannedFile {
  readonly path: string;
  readonly tests: readonly ScannedTest[];
  readonly mentions: readonly Mention[];
}

const TEST_ROOTS = new Set(['it', 'test']);
const SUITE_ROOTS = new Set(['describe', 'suite']);
const MODIFIERS = new Set([
  'each',
  'for',
  'only',
  'concurrent',
  'sequential',
  'skipIf',
  'runIf',
  'skip',
  'todo',
  'fails',
]);
const INACTIVE = new Set(['skip', 'todo', 'fails']);

interface TestCall {
  readonly kind: 'test' | 'suite';
  readonly inactive: boolean;
  readonly title: string;
}

/** `it.each(table)('A01 …', fn)` → test `A01 …`; `undefined` for any other call. */
function testCall(node: TypeScript.CallExpression): TestCall | undefined {
  const [first] = node.arguments;
  if (first === undefined) return undefined;
  let title: string;
  if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) title = first.text;
  else if (ts.isTemplateExpression(first)) title = first.head.text;
  else return undefined;
  const modifiers: string[] = [];
  let callee: TypeScript.Expression = node.expression;
  for (;;) {
    if (ts.isCallExpression(callee)) callee = callee.expression;
    else if (ts.isTaggedTemplateExpression(callee)) callee = callee.tag;
    else if (ts.isPropertyAccessExpression(callee)) {
      modifiers.push(callee.name.text);
      callee = callee.expression;
    } else break;
  }
  if (!ts.isIdentifier(callee) || !modifiers.every((name) => MODIFIERS.has(name))) return undefined;
  const kind = TEST_ROOTS.has(callee.text) ? 'test' : SUITE_ROOTS.has(callee.text) ? 'suite' : null;
  if (kind === null) return undefined;
  return { kind, inactive: modifiers.some((name) => INACTIVE.has(name)), title };
}

/** Parses one test file's source and returns its counted tests and every ID it mentions. */
export function scanTestSource(path: string, source: string): ScannedFile {
  const tests: ScannedTest[] = [];
  const mentions: Mention[] = [];
  // A file without any ID-shaped token names no row: skip the (comparatively slow) parse.
  if (!new RegExp(ID_TOKEN.source).test(source)) return { path, tests, mentions };
  const file = ts.createSourceFile(
    path,
    source,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    ts.ScriptKind.TS,
  );
  const lineOf = (node: TypeScript.Node) =>
    file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;

  const named = (title: string, line: number, suite: boolean): string[] => {
    for (const id of idTokens(title)) mentions.push({ line, id, title });
    try {
      const ids = leadingIds(title);
      return suite ? [...new Set([...ids, ...parentheticalIds(title)])] : ids;
    } catch (error) {
      mentions.push({ line, id: '', title, error: (error as Error).message });
      return [];
    }
  };

  const visit = (node: TypeScript.Node, inherited: readonly string[], inactive: boolean): void => {
    const call = ts.isCallExpression(node) ? testCall(node) : undefined;
    if (call === undefined) {
      ts.forEachChild(node, (child) => visit(child, inherited, inactive));
      return;
    }
    const line = lineOf(node);
    const own = named(call.title, line, call.kind === 'suite');
    const rows = own.length > 0 ? own : inherited;
    if (call.kind === 'test' && !inactive && !call.inactive) tests.push({ line, rows });
    ts.forEachChild(node, (child) => visit(child, rows, inactive || call.inactive));
  };
  visit(file, [], false);
  return { path, tests, mentions };
}

/** The test files, relative to `root` with `/` separators, sorted. */
export function listTestFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, pattern: RegExp) => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      const path = `${dir}/${entry.split(sep).join('/')}`;
      if (!path.includes('/node_modules/') && pattern.test(path)) found.push(path);
    }
  };
  for (const dir of readdirSync(join(root, 'packages')))
    walk(`packages/${dir}/test`, /\.test\.ts$/);
  walk('e2e/tests', /\.test\.ts$/);
  walk('scripts/test', /\.test\.ts$/);
  if (existsSync(join(root, 'apps'))) {
    for (const dir of readdirSync(join(root, 'apps'))) walk(`apps/${dir}/src`, /\.spec\.ts$/);
  }
  return found.sort();
}

/** Shortest trailing path that is unique among `paths` (the basename when it is unique). */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let take = 1; take <= parts.length; take += 1) {
      const suffix = parts.slice(-take).join('/');
      const clash = paths.some((other) => other !== path && `/${other}`.endsWith(`/${suffix}`));
      if (!clash || take === parts.length) {
        names.set(path, suffix);
        break;
      }
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Coverage

export type RowStatus =
  | { readonly kind: 'tested'; readonly files: ReadonlyMap<string, number> }
  | { readonly kind: 'coveredBy'; readonly by: string }
  | { readonly kind: 'outOfScope'; readonly reason: string }
  | { readonly kind: 'gap' };

export type ItemStatus =
  | { readonly kind: 'covered'; readonly outOfScope: readonly string[] }
  | { readonly kind: 'partly' | 'notCovered'; readonly missing: readonly string[] }
  | { readonly kind: 'outOfScope'; readonly reason: string };

export interface Coverage {
  /** Row → file → number of tests naming it. */
  readonly tests: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly rows: ReadonlyMap<string, RowStatus>;
  readonly items: ReadonlyMap<number, ItemStatus>;
  /** Mentions of IDs that are not catalogue rows, and malformed ranges. */
  readonly unknown: readonly (Mention & { readonly path: string })[];
  /** Item → file → number of tests naming any of its rows. */
  readonly itemFiles: ReadonlyMap<number, ReadonlyMap<string, number>>;
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export function computeCoverage(
  requirements: Requirements,
  files: readonly ScannedFile[],
): Coverage {
  const known = new Set(requirements.catalogue);
  const tests = new Map<string, Map<string, number>>();
  const unknown: (Mention & { path: string })[] = [];
  for (const file of files) {
    for (const test of file.tests) {
      for (const id of unique(test.rows)) {
        const perFile = tests.get(id) ?? new Map<string, number>();
        perFile.set(file.path, (perFile.get(file.path) ?? 0) + 1);
        tests.set(id, perFile);
      }
    }
    for (const mention of file.mentions) {
      if (mention.error !== undefined || !known.has(mention.id)) {
        unknown.push({ ...mention, path: file.path });
      }
    }
  }

  const rows = new Map<string, RowStatus>();
  for (const id of requirements.catalogue) {
    const note = requirements.rows[id];
    const perFile = tests.get(id);
    if (perFile !== undefined) rows.set(id, { kind: 'tested', files: perFile });
    else if (note?.coveredBy !== undefined) rows.set(id, { kind: 'coveredBy', by: note.coveredBy });
    else if (note?.outOfScope !== undefined)
      rows.set(id, { kind: 'outOfScope', reason: note.outOfScope });
    else rows.set(id, { kind: 'gap' });
  }

  const items = new Map<number, ItemStatus>();
  const itemFiles = new Map<number, Map<string, number>>();
  for (const item of requirements.items) {
    const perFile = new Map<string, number>();
    for (const file of files) {
      const count = file.tests.filter((test) =>
        test.rows.some((id) => item.rows.includes(id)),
      ).length;
      if (count > 0) perFile.set(file.path, count);
    }
    itemFiles.set(item.n, perFile);
    const outRows = item.rows.filter((id) => requirements.rows[id]?.outOfScope !== undefined);
    const inScope = item.rows.filter((id) => !outRows.includes(id));
    if (item.outOfScope !== undefined || inScope.length === 0) {
      const reasons = unique(outRows.map((id) => requirements.rows[id]?.outOfScope ?? ''));
      items.set(item.n, { kind: 'outOfScope', reason: item.outOfScope ?? reasons.join('; ') });
      continue;
    }
    const missing = inScope.filter((id) => rows.get(id)?.kind === 'gap');
    if (missing.length === 0) items.set(item.n, { kind: 'covered', outOfScope: outRows });
    else {
      const kind = missing.length === inScope.length ? 'notCovered' : 'partly';
      items.set(item.n, { kind, missing });
    }
  }
  return { tests, rows, items, unknown, itemFiles };
}

function catalogueOrder(requirements: Requirements, a: string, b: string): number {
  return requirements.catalogue.indexOf(a) - requirements.catalogue.indexOf(b);
}

export interface Findings {
  /** Failures: CI stops on any of them. */
  readonly problems: readonly string[];
  /** Worth a look, never a failure. */
  readonly warnings: readonly string[];
}

/** Gaps, unknown IDs and missing `coveredBy` files (`exists` answers for repo-relative paths). */
export function findProblems(
  requirements: Requirements,
  coverage: Coverage,
  exists: (path: string) => boolean,
): Findings {
  const problems: string[] = [];
  const warnings: string[] = [];
  const gaps = new Map<string, number[]>();
  for (const item of requirements.items) {
    const status = coverage.items.get(item.n);
    if (status?.kind !== 'partly' && status?.kind !== 'notCovered') continue;
    for (const id of status.missing) gaps.set(id, [...(gaps.get(id) ?? []), item.n]);
  }
  for (const [id, items] of [...gaps].sort(([a], [b]) => catalogueOrder(requirements, a, b))) {
    problems.push(
      `${id} (named by §1 item${items.length > 1 ? 's' : ''} ${items.join(', ')}): no test names it, and it has no outOfScope or coveredBy entry`,
    );
  }
  for (const mention of coverage.unknown) {
    const what = mention.error ?? `"${mention.id}" is not a catalogue row`;
    problems.push(`${mention.path}:${mention.line}: ${what} (title "${mention.title}")`);
  }
  for (const [id, note] of Object.entries(requirements.rows)) {
    const path = note.coveredBy?.split(' ')[0];
    if (path !== undefined && !exists(path))
      problems.push(`rows.${id}.coveredBy: ${path} does not exist`);
    if (note.outOfScope !== undefined && coverage.tests.has(id)) {
      warnings.push(`${id} is marked out of scope, yet tests name it: drop outOfScope?`);
    }
    if (note.coveredBy !== undefined && coverage.tests.has(id)) {
      warnings.push(
        `${id} has coveredBy, yet tests name it: the tests are shown, coveredBy is not`,
      );
    }
  }
  return { problems, warnings };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function cell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Display width as Prettier counts it for this content (no wide or combining characters). */
function width(value: string): number {
  return [...value].length;
}

/**
 * A Markdown table aligned exactly as Prettier prints it, so `prettier --check docs` passes
 * without running Prettier here (loading it would cost a third of the time budget).
 */
export function markdownTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
): string[] {
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...body].map((row) => width(row[column] ?? ''))),
  );
  const line = (row: readonly string[]) => {
    const cells = widths.map((w, column) => {
      const value = row[column] ?? '';
      return value + ' '.repeat(w - width(value));
    });
    return `| ${cells.join(' | ')} |`;
  };
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)];
}

function fileList(
  perFile: ReadonlyMap<string, number> | undefined,
  names: ReadonlyMap<string, string>,
) {
  return [...(perFile ?? new Map<string, number>())]
    .map(([path, count]) => ({ name: names.get(path) ?? path, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, count }) => `${name} (${count})`)
    .join(', ');
}

function itemStatusText(status: ItemStatus | undefined): string {
  switch (status?.kind) {
    case 'covered':
      return status.outOfScope.length === 0
        ? 'covered'
        : `covered (${compressIds(status.outOfScope)} out of scope)`;
    case 'partly':
      return `**partly**: no test for ${compressIds(status.missing)}`;
    case 'notCovered':
      return `**not covered**: no test for ${compressIds(status.missing)}`;
    case 'outOfScope':
      return `out of scope: ${status.reason}`;
    default:
      return '';
  }
}

function rowStatusText(status: RowStatus | undefined, names: ReadonlyMap<string, string>): string {
  switch (status?.kind) {
    case 'tested':
      return fileList(status.files, names);
    case 'coveredBy':
      return `covered by ${status.by}`;
    case 'outOfScope':
      return `out of scope: ${status.reason}`;
    default:
      return '**no test**';
  }
}

/** Totals for the summary line. */
export function summarise(requirements: Requirements, coverage: Coverage) {
  const count = (kind: ItemStatus['kind']) =>
    [...coverage.items.values()].filter((status) => status.kind === kind).length;
  const named = unique(requirements.items.flatMap((item) => item.rows));
  // A row without tests that only out-of-scope items name is out of scope too.
  const inScope = new Set(
    requirements.items
      .filter((item) => coverage.items.get(item.n)?.kind !== 'outOfScope')
      .flatMap((item) => item.rows),
  );
  const kindOf = (id: string): RowStatus['kind'] | undefined => {
    const kind = coverage.rows.get(id)?.kind;
    return kind === 'gap' && !inScope.has(id) ? 'outOfScope' : kind;
  };
  const rowCount = (kind: RowStatus['kind']) => named.filter((id) => kindOf(id) === kind).length;
  return {
    items: requirements.items.length,
    covered: count('covered'),
    partly: count('partly'),
    notCovered: count('notCovered'),
    outOfScope: count('outOfScope'),
    rows: named.length,
    tested: rowCount('tested'),
    coveredBy: rowCount('coveredBy'),
    rowsOutOfScope: rowCount('outOfScope'),
    gaps: rowCount('gap'),
  };
}

/** The Markdown between the markers, formatted as Prettier would. */
export function renderSection(
  requirements: Requirements,
  coverage: Coverage,
  paths: readonly string[],
): string {
  const names = shortNames(paths);
  const totals = summarise(requirements, coverage);
  const itemsOf = new Map<string, number[]>();
  for (const item of requirements.items) {
    for (const id of item.rows) itemsOf.set(id, [...(itemsOf.get(id) ?? []), item.n]);
  }
  const itemRows = requirements.items.map((item) => {
    const checks = item.rows.flatMap((id) => {
      const by = requirements.rows[id]?.coveredBy;
      return by === undefined || coverage.rows.get(id)?.kind !== 'coveredBy'
        ? []
        : [`${id}: ${by}`];
    });
    const tests = [fileList(coverage.itemFiles.get(item.n), names), ...checks].filter(Boolean);
    return [
      String(item.n),
      cell(item.note === undefined ? item.title : `${item.title} (${item.note})`),
      item.asvs.join(', ') || '—',
      compressIds(item.rows),
      cell(tests.join('; ') || '—'),
      cell(itemStatusText(coverage.items.get(item.n))),
    ];
  });
  const rowRows = requirements.catalogue.map((id) => {
    const note = requirements.rows[id]?.note;
    const status = rowStatusText(coverage.rows.get(id), names);
    return [
      id,
      (itemsOf.get(id) ?? []).join(', ') || '—',
      cell(note === undefined ? status : `${status}. ${note}`),
    ];
  });
  const testsHeader = 'Tests (file, number of tests)';
  return [
    '<!-- Generated by `npm run docs:security` (scripts/generate-security-docs.ts) from',
    'docs/security-requirements.json and the test titles. Do not edit by hand: `npm run docs:check`',
    'fails when it is stale, when a row has no test, or when a test names an unknown row. -->',
    '',
    `**Summary.** ${totals.items} requirements (SECURITY.md §1): ${totals.covered} covered, ` +
      `${totals.partly} partly, ${totals.notCovered} not covered, ${totals.outOfScope} out of scope.`,
    `The ${totals.rows} rows they name: ${totals.tested} with tests, ${totals.coveredBy} by another ` +
      `check (coveredBy), ${totals.rowsOutOfScope} out of scope, ${totals.gaps} without a test (a gap).`,
    '',
    'A test counts for a row when its title starts with the row ID, a list or a range (`A07 …`,',
    '`P02–P04 …`); a test whose title names no ID counts for the IDs of its nearest `describe`',
    '(at the start of the title or in parentheses, ranges expanded). Counts are test declarations',
    'per file; `skip` and `todo` tests do not count.',
    '',
    ...markdownTable(['§', 'Requirement', 'ASVS 5.0', 'Rows', testsHeader, 'Status'], itemRows),
    '',
    '**Per row** (every row of the catalogue, §2, and the global assertions G1–G6; § lists the',
    'requirements that name the row):',
    '',
    ...markdownTable(['Row', '§', testsHeader], rowRows),
  ].join('\n');
}

/** Replaces what lies between the markers of `doc` with `section`. */
export function spliceSection(doc: string, section: string): string {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(`docs/security.md needs the markers ${START_MARKER} and ${END_MARKER}`);
  }
  return `${doc.slice(0, start + START_MARKER.length)}\n\n${section.trim()}\n\n${doc.slice(end)}`;
}

// ---------------------------------------------------------------------------------------------
// Command line

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const docPath = join(root, 'docs', 'security.md');
  const requirements = parseRequirements(
    JSON.parse(readFileSync(join(root, 'docs', 'security-requirements.json'), 'utf8')),
  );
  const paths = listTestFiles(root);
  const scanned = paths.map((path) => scanTestSource(path, readFileSync(join(root, path), 'utf8')));
  const coverage = computeCoverage(requirements, scanned);
  const section = renderSection(requirements, coverage, paths);
  const current = readFileSync(docPath, 'utf8');
  const next = spliceSection(current, section);
  const findings = findProblems(requirements, coverage, (path) => existsSync(join(root, path)));
  const problems = [...findings.problems];
  const warnings = findings.warnings;
  const check = process.argv.includes('--check');
  const stale = next !== current;
  if (check && stale) {
    problems.unshift(
      'docs/security.md: the coverage section is out of date; run `npm run docs:security`',
    );
  } else if (!check && stale) {
    writeFileSync(docPath, next);
  }
  const totals = summarise(requirements, coverage);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  for (const problem of problems) console.error(problem);
  console.log(
    `${check ? 'checked' : stale ? 'wrote' : 'unchanged:'} docs/security.md: ${paths.length} test files; ` +
      `items ${totals.covered} covered, ${totals.partly} partly, ${totals.notCovered} not covered, ${totals.outOfScope} out of scope; ` +
      `rows ${totals.tested} tested, ${totals.coveredBy} by coveredBy, ${totals.rowsOutOfScope} out of scope, ${totals.gaps} gaps` +
      (problems.length > 0 ? `; ${problems.length} problem(s)` : ''),
  );
  if (problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
