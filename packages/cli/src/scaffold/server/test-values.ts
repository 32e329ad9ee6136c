import type { FieldSpec } from '../spec.js';
import { str } from './code.js';

/**
 * Two valid values of a field (TypeScript source), different from each other, already in the
 * form the API answers them (so a record equals the body it was created from). Refs are not
 * here: the fixtures create the referenced record, or use the fixture users.
 */
export function samples(field: FieldSpec): readonly [string, string] {
  const name = field.name.replaceAll('_', ' ');
  switch (field.type) {
    case 'string':
      return [str(`Alpha ${name}`), str(`Beta ${name}`)];
    case 'text':
      return [str(`The first ${name}.`), str(`The second ${name}, longer.`)];
    case 'integer':
      return ['7', '42'];
    case 'decimal':
      return ["'3.25'", "'1234.50'"];
    case 'boolean':
      return ['false', 'true'];
    case 'date':
      return ["'2024-01-15'", "'2024-05-01'"];
    case 'datetime':
      return ["'2024-01-15T08:00:00.000Z'", "'2024-05-01T10:30:00.000Z'"];
    case 'email':
      return ["'ann@example.com'", "'zed@example.org'"];
    case 'url':
      return ["'https://example.com/a'", "'https://example.org/b'"];
    case 'enum': {
      const values = field.values ?? [];
      return [str(values[0] ?? ''), str(values[values.length - 1] ?? '')];
    }
    case 'ref':
      return ['0', '0'];
  }
}

/** A value of a searchable field holding `zebraquux` (source), or undefined for other types. */
export function needle(field: FieldSpec): string | undefined {
  switch (field.type) {
    case 'string':
    case 'text':
      return "'Find the ZebraQuux here, at 50%_off'";
    case 'email':
      return "'zebraquux@example.com'";
    case 'url':
      return "'https://example.com/zebraquux'";
    default:
      return undefined;
  }
}

/** Values the API must refuse for a field, each with what is wrong (sources). */
export function invalidValues(
  field: FieldSpec,
): readonly (readonly [what: string, value: string])[] {
  switch (field.type) {
    case 'string':
      return [
        ['a number', '12345'],
        ['256 characters', "'x'.repeat(256)"],
        ['empty', "''"],
        ['a NUL character', "'a\\u0000b'"],
      ];
    case 'text':
      return [
        ['a number', '12345'],
        ['empty', "''"],
        ['a NUL character', "'a\\u0000b'"],
      ];
    case 'integer':
      return [
        ['a string', "'12'"],
        ['a fraction', '1.5'],
        ['beyond a 32-bit integer', '2_147_483_648'],
      ];
    case 'decimal':
      return [
        ['a JSON number', '12.5'],
        ['three decimals', "'12.345'"],
        ['not a number', "'twelve'"],
      ];
    case 'boolean':
      return [
        ['a string', "'true'"],
        ['a number', '1'],
      ];
    case 'date':
      return [
        ['not a day of the calendar', "'2024-02-30'"],
        ['not YYYY-MM-DD', "'2024-5-1'"],
        ['a date-time', "'2024-05-01T10:00:00Z'"],
      ];
    case 'datetime':
      return [
        ['a date only', "'2024-05-01'"],
        ['hour 25', "'2024-05-01T25:00:00Z'"],
        ['without a time zone', "'2024-05-01T10:00:00'"],
      ];
    case 'email':
      return [
        ['not an email', "'not-an-email'"],
        ['a number', '12345'],
      ];
    case 'url':
      return [
        ['not a URL', "'not a url'"],
        ['a javascript: URL', "'javascript:alert(1)'"],
      ];
    case 'enum':
      return [
        ['not one of the values', str(`not_${(field.values ?? []).join('_')}_x`)],
        ['a number', '1'],
      ];
    case 'ref':
      return [
        ['an id as a string', "'1'"],
        ['zero', '0'],
      ];
  }
}
