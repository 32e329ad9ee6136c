import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  compressIds,
  computeCoverage,
  END_MARKER,
  expandIds,
  findProblems,
  idTokens,
  leadingIds,
  listTestFiles,
  markdownTable,
  parentheticalIds,
  parseRequirements,
  renderSection,
  scanTestSource,
  shortNames,
  spliceSection,
  START_MARKER,
  summarise,
  type ScannedFile,
} from '../generate-security-docs.js';

const root = new URL('../../', import.meta.url);

describe('row IDs and ranges', () => {
  it('expands en-dash and hyphen ranges, keeping the width of the first ID', () => {
    expect(expandIds('S02–S04')).toEqual(['S02', 'S03', 'S04']);
    expect(expandIds('P09-P11')).toEqual(['P09', 'P10', 'P11']);
    expect(expandIds('G1–G3')).toEqual(['G1', 'G2', 'G3']);
  });

  it('expands lists separated by commas, "and" and slashes', () => {
    expect(expandIds('A01, A03 and A05/A07, and A09')).toEqual(['A01', 'A03', 'A05', 'A07', 'A09']);
    expect(expandIds('K08–K10, J01')).toEqual(['K08', 'K09', 'K10', 'J01']);
  });

  it('refuses backwards ranges, ranges across letters and anything else', () => {
    expect(() => expandIds('S04–S02')).toThrow(/bad range/);
    expect(() => expandIds('A01–B02')).toThrow(/bad range/);
    expect(() => expandIds('A01, all 401 rows')).toThrow(/not a row ID/);
  });

  it('reads the IDs a title starts with: one, a range, or a list', () => {
    expect(leadingIds('A07 accepts two spaces')).toEqual(['A07']);
    expect(leadingIds('P02–P04 each failure is logged')).toEqual(['P02', 'P03', 'P04']);
    expect(leadingIds('U02, U03 a user changing what only an admin may')).toEqual(['U02', 'U03']);
    expect(leadingIds('G1, G6: no 5xx')).toEqual(['G1', 'G6']);
    expect(leadingIds('C16 (pinned: scope is required) answers…')).toEqual(['C16']);
    expect(leadingIds('S12')).toEqual(['S12']);
  });

  it('ignores IDs later in the title and ID-like words', () => {
    expect(leadingIds('answers a typ mismatch (see H19)')).toEqual([]);
    expect(leadingIds('A07x is not an ID')).toEqual([]);
    expect(leadingIds('R401i is an answer code')).toEqual([]);
    expect(leadingIds('HS256 only')).toEqual([]);
  });

  it('reads parentheses made of IDs and ranges only', () => {
    expect(parentheticalIds('keys never come from the token (H06–H09)')).toEqual([
      'H06',
      'H07',
      'H08',
      'H09',
    ]);
    expect(parentheticalIds('guard on a real socket (A13, A18, A19) on %s')).toEqual([
      'A13',
      'A18',
      'A19',
    ]);
    expect(parentheticalIds('exact origin match (W11, angular-jwt CVE-2018-11537)')).toEqual([
      'W11',
    ]);
    expect(parentheticalIds('the last admin (SECURITY.md §2.8), (ASVS 6.3.8)')).toEqual([]);
    expect(parentheticalIds('a typ mismatch (see H19)')).toEqual([]);
  });

  it('finds every ID-shaped token for the typo guard, and nothing in algorithm names', () => {
    expect(idTokens('A07 and Q42 (G3), ES256, A256GCM, R401i, tcId 357')).toEqual([
      'A07',
      'Q42',
      'G3',
    ]);
  });

  it('compresses runs of three or more consecutive IDs', () => {
    expect(compressIds(['S02', 'S03', 'S04', 'H01', 'H02', 'G1', 'G2', 'G3'])).toBe(
      'S02–S04, H01, H02, G1–G3',
    );
    expect(compressIds([])).toBe('');
  });
});

const FIXTURE = `
import { describe, it, test } from 'vitest';
describe('keys (H06–H08)', () => {
  it('H06 names its own row', () => {});
  it('names no row, so inherits the describe', () => {});
  it.each([1, 2])('H07 once for the whole table %i', () => {});
  it.${'skip'}('H08 skipped tests never count', () => {});
  describe.${'skip'}('a skipped describe', () => {
    it('H08 nor tests inside it', () => {});
  });
  describe('nested (C01)', () => {
    it('inherits the nearest describe that names IDs', () => {});
  });
});
it(
  'A07 a title on its own line',
  () => {},
);
test.concurrent(\`P02–P04 a template title \${'x'}\`, () => {});
it('the later ID H19 does not count', () => {});
it('Z99 is a typo', () => {});
test.comment.includes('A01 is not a test');
expect('A01').toBe('A01');
`;

describe('scanning a test file', () => {
  const scanned = scanTestSource('fixture.test.ts', FIXTURE);
  const byLine = new Map(scanned.tests.map((test) => [test.line, test.rows]));

  it('counts each active it/test once, with its own IDs or the inherited ones', () => {
    expect([...byLine]).toEqual([
      [4, ['H06']],
      [5, ['H06', 'H07', 'H08']],
      [6, ['H07']],
      [12, ['C01']],
      [15, ['A07']],
      [19, ['P02', 'P03', 'P04']],
      [20, []],
      [21, ['Z99']],
    ]);
  });

  it('reports every ID-shaped token of a title, even in skipped tests', () => {
    expect(scanned.mentions.map((mention) => `${mention.line}:${mention.id}`)).toEqual([
      '3:H06',
      '3:H08',
      '4:H06',
      '6:H07',
      '7:H08',
      '9:H08',
      '11:C01',
      '15:A07',
      '19:P02',
      '19:P04',
      '20:H19',
      '21:Z99',
    ]);
  });

  it('reports a malformed range instead of guessing', () => {
    const bad = scanTestSource('bad.test.ts', "it('S05–S02 backwards', () => {});");
    expect(bad.tests).toEqual([{ line: 1, rows: [] }]);
    expect(bad.mentions.at(-1)?.error).toMatch(/bad range/);
  });

  it('skips the parse when a file has no ID-shaped token at all', () => {
    expect(scanTestSource('plain.test.ts', "it('works', () => {});").tests).toEqual([]);
  });
});

const REQUIREMENTS = {
  families: [
    { prefix: 'A', section: '2.1', title: 'Header', rows: 'A01–A04' },
    { prefix: 'J', section: '2.11', title: 'JWKS', rows: 'J01–J02' },
  ],
  rows: {
    A03: { coveredBy: 'scripts/check.ts (CI step)' },
    J01: { outOfScope: 'no JWKS' },
    J02: { outOfScope: 'no JWKS' },
  },
  items: [
    { n: 1, section: '1.A', title: 'One', asvs: ['9.1.2'], rows: ['A01', 'A02'] },
    { n: 2, section: '1.A', title: 'Two', asvs: [], rows: ['A03', 'A04'] },
    { n: 3, section: '1.B', title: 'Three', asvs: [], rows: ['J01', 'J02'] },
    { n: 4, section: '1.B', title: 'Four', asvs: ['3.4.2'], rows: ['A01', 'J01'] },
    { n: 5, section: '1.B', title: 'Five', asvs: [], rows: ['A04'], outOfScope: 'phase 2' },
  ],
};
const FILES: ScannedFile[] = [
  {
    path: 'packages/server/test/a.test.ts',
    tests: [
      { line: 1, rows: ['A01'] },
      { line: 2, rows: ['A01', 'J01'] },
    ],
    mentions: [
      { line: 1, id: 'A01', title: 'A01 x' },
      { line: 3, id: 'A09', title: 'A09 typo' },
    ],
  },
];

describe('coverage and the check', () => {
  const requirements = parseRequirements(REQUIREMENTS);
  const coverage = computeCoverage(requirements, FILES);

  it('gives each item a status from its rows', () => {
    expect(Object.fromEntries(coverage.items)).toEqual({
      1: { kind: 'partly', missing: ['A02'] },
      2: { kind: 'partly', missing: ['A04'] },
      3: { kind: 'outOfScope', reason: 'no JWKS' },
      4: { kind: 'covered', outOfScope: ['J01'] },
      5: { kind: 'outOfScope', reason: 'phase 2' },
    });
    expect(coverage.rows.get('A01')).toEqual({
      kind: 'tested',
      files: new Map([['packages/server/test/a.test.ts', 2]]),
    });
    expect(coverage.rows.get('A03')).toEqual({
      kind: 'coveredBy',
      by: 'scripts/check.ts (CI step)',
    });
    expect(coverage.itemFiles.get(4)).toEqual(new Map([['packages/server/test/a.test.ts', 2]]));
  });

  it('fails on gaps, unknown IDs and missing coveredBy files; warns on stale outOfScope', () => {
    const { problems, warnings } = findProblems(requirements, coverage, () => false);
    expect(problems).toEqual([
      'A02 (named by §1 item 1): no test names it, and it has no outOfScope or coveredBy entry',
      'A04 (named by §1 item 2): no test names it, and it has no outOfScope or coveredBy entry',
      'packages/server/test/a.test.ts:3: "A09" is not a catalogue row (title "A09 typo")',
      'rows.A03.coveredBy: scripts/check.ts does not exist',
    ]);
    expect(warnings).toEqual(['J01 is marked out of scope, yet tests name it: drop outOfScope?']);
  });

  it('passes once every in-scope row is tested or explained', () => {
    const complete = computeCoverage(requirements, [
      { path: 'x.test.ts', tests: [{ line: 1, rows: ['A01', 'A02', 'A04'] }], mentions: [] },
    ]);
    expect(findProblems(requirements, complete, () => true).problems).toEqual([]);
    expect(summarise(requirements, complete)).toMatchObject({
      covered: 3,
      partly: 0,
      outOfScope: 2,
      tested: 3,
      coveredBy: 1,
      rowsOutOfScope: 2,
      gaps: 0,
    });
  });

  it('renders both tables with short file names and the status of each item', () => {
    const section = renderSection(requirements, coverage, ['packages/server/test/a.test.ts']);
    expect(section).toContain('| 1   | One         | 9.1.2    | A01, A02 | a.test.ts (2)');
    expect(section).toContain('**partly**: no test for A02');
    expect(section).toContain('A03: scripts/check.ts (CI step)');
    expect(section).toContain('out of scope: phase 2');
    expect(section).toMatch(/\| A02 \| 1 +\| \*\*no test\*\* +\|/);
  });

  it('refuses a malformed requirements file', () => {
    const withItem = (item: object) => ({ ...REQUIREMENTS, items: [item] });
    const item = { n: 1, section: '1.A', title: 'One', asvs: [], rows: ['A01'] };
    expect(() => parseRequirements(withItem({ ...item, rows: ['A05'] }))).toThrow(/unknown row/);
    expect(() => parseRequirements(withItem({ ...item, n: 2 }))).toThrow(/n must be 1/);
    expect(() => parseRequirements(withItem({ ...item, asvs: ['V9.1'] }))).toThrow(/ASVS/);
    expect(() =>
      parseRequirements({
        ...REQUIREMENTS,
        rows: { A01: { outOfScope: 'x', coveredBy: 'y' } },
      }),
    ).toThrow(/not both/);
  });
});

describe('rendering', () => {
  it('names files by their shortest unique trailing path', () => {
    const names = shortNames([
      'packages/client/test/errors.test.ts',
      'packages/server/test/token/errors.test.ts',
      'e2e/tests/flow.test.ts',
    ]);
    expect([...names.values()]).toEqual([
      'test/errors.test.ts',
      'token/errors.test.ts',
      'flow.test.ts',
    ]);
  });

  it('aligns tables exactly as Prettier does', async () => {
    const table = markdownTable(
      ['§', 'Requirement', 'Status'],
      [
        ['1', 'Compact JWS — `alg` ≤ 15 min', '**partly**: no test for S02–S04'],
        ['62', 'x \\| y', '—'],
      ],
    ).join('\n');
    expect(await prettier.format(`${table}\n`, { parser: 'markdown' })).toBe(`${table}\n`);
  });

  it('replaces only what lies between the markers', () => {
    const doc = `# T\n\nbefore\n${START_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    expect(spliceSection(doc, 'new\n')).toBe(
      `# T\n\nbefore\n${START_MARKER}\n\nnew\n\n${END_MARKER}\n\nafter\n`,
    );
    expect(() => spliceSection('# T\n', 'new')).toThrow(/markers/);
  });
});

describe('the committed requirements', () => {
  const requirements = parseRequirements(
    JSON.parse(readFileSync(new URL('docs/security-requirements.json', root), 'utf8')),
  );

  it('transcribe SECURITY.md §1 items 1–62 with rows from the catalogue, then Tessera’s own items', () => {
    const fromCatalogue = requirements.items.filter((item) => item.section !== 'Tessera');
    expect(fromCatalogue.map((item) => item.n)).toEqual(
      Array.from({ length: 62 }, (_, i) => i + 1),
    );
    // Items Tessera adds (issue #12's encrypted tokens) are numbered on after the catalogue's.
    expect(requirements.items.map((item) => item.n)).toEqual(
      Array.from({ length: requirements.items.length }, (_, i) => i + 1),
    );
    expect(requirements.items.every((item) => item.rows.length > 0)).toBe(true);
  });

  it('render a section Prettier leaves unchanged', async () => {
    const rootPath = decodeURIComponent(root.pathname);
    const paths = listTestFiles(rootPath);
    const scanned = paths.map((path) =>
      scanTestSource(path, readFileSync(new URL(path, root), 'utf8')),
    );
    const section = renderSection(requirements, computeCoverage(requirements, scanned), paths);
    const options = (await prettier.resolveConfig(new URL('docs/security.md', root))) ?? {};
    expect(await prettier.format(section, { ...options, parser: 'markdown' })).toBe(`${section}\n`);
  });
});
