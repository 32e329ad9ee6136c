import { ConfigError } from './config-error.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^([1-9][0-9]{0,8})([smhd]?)$/;

/**
 * Parses a duration such as `900`, `30s`, `15m`, `12h` or `1d` into whole seconds.
 *
 * @example
 * ```ts
 * parseDurationSeconds('15m', 'TESSERA_ACCESS_TTL'); // 900
 * ```
 */
export function parseDurationSeconds(value: string, variable: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) {
    throw new ConfigError(`${variable} must be a duration like 900, 30s, 15m, 12h or 1d`, variable);
  }
  const [, amount = '0', unit = ''] = match;
  return Number(amount) * (UNIT_SECONDS[unit] ?? 1);
}
