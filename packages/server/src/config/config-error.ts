/**
 * A setting is missing, malformed or unsafe. The process refuses to start and prints
 * `message`, which names the variable and never its value.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}
