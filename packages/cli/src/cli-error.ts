/** A user mistake on the command line: printed as one line, exit code 1 (or the one given). */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
