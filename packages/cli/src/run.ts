import { ConfigError, TesseraError, UserStoreError } from '@tessera/server';
import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { createProgram } from './program.js';

const STORE_MESSAGES = {
  email_taken: 'a user with this email already exists',
  last_admin: 'the last admin cannot be removed or disabled',
  conflict: 'records of the application still refer to this user; delete or reassign them first',
} as const;

/** The one line printed for a failure; never a stack trace for a known error. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CliError) return error.message;
  if (error instanceof TesseraError) return error.detail;
  if (error instanceof UserStoreError) return STORE_MESSAGES[error.code];
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message}`;
}

/** Runs the CLI with `argv`; resolves to the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`tessera: ${describeFailure(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
