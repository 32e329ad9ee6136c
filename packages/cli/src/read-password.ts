import { CliError } from './cli-error.js';

/**
 * Reads a password from standard input (never from an argument, which would land in shell
 * history and `ps`). One trailing newline is removed; nothing else is trimmed.
 */
export async function readPasswordFromStdin(
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  if ((input as { isTTY?: boolean }).isTTY) {
    throw new CliError(
      'pipe the password on standard input, e.g. `printf %s "$PW" | tessera user create …`',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw new CliError('no password on standard input');
  return password;
}
