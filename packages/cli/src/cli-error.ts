/** A user mistake on the command line: printed as one line, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
