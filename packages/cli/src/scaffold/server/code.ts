/** Small helpers for writing TypeScript source text. */

/** A single-quoted TypeScript string literal (Prettier's style). */
export function str(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

/** A list of single-quoted literals: `'a', 'b'`. */
export function strs(values: readonly string[]): string {
  return values.map(str).join(', ');
}

/** Text safe inside a TypeScript template literal (`` sql`…` ``). */
export function templateText(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** An SQL string literal (`'it''s'`). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `0004-posts-create` → `Migration0004PostsCreate`-style identifiers (prefix given). */
export function identifier(prefix: string, name: string): string {
  return (
    prefix +
    name
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join('')
  );
}

/** The lines joined, with empty entries (from conditionals) left out. */
export function lines(...parts: readonly (string | false | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string').join('\n');
}

/** Indents every non-empty line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}
