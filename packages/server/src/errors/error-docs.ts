import type { ErrorSpec } from '@tessera/protocol';
import { registeredErrorCodes } from './error-registry.js';

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/**
 * The Markdown table of error codes (Code, Status, Message, Description, How to solve): by
 * default every registered code, Tessera's and the application's, for an errors page kept in
 * step with the code (Tessera's own `docs/errors.md` is made with it).
 *
 * @example
 * ```ts
 * writeFileSync('docs/errors.md', `# Errors\n\n${renderErrorTable()}`);
 * ```
 */
export function renderErrorTable(
  entries: ReadonlyArray<readonly [string, ErrorSpec]> = registeredErrorCodes(),
): string {
  const rows = entries.map(
    ([code, spec]) =>
      `| \`${code}\` | ${spec.status} | ${escapeCell(spec.message)} | ${escapeCell(spec.description)} | ${escapeCell(spec.solution)} |`,
  );
  return [
    '| Code | Status | Message | Description | How to solve |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
