import { capitalized, labelOf, quote, type WebField } from './web-fields.js';

/** The id every sample reference points to. */
export const SAMPLE_REF_ID = 7;

/** A sample wire value of a field, as a TypeScript literal. */
export function sampleOf(field: WebField): string {
  switch (field.spec.type) {
    case 'string':
    case 'text':
      return quote(`Sample ${field.label.toLowerCase()}`);
    case 'email':
      return quote(`${field.spec.name.replaceAll('_', '.')}@example.com`);
    case 'url':
      return quote('https://example.com/');
    case 'integer':
      return '42';
    case 'decimal':
      return quote('12.50');
    case 'boolean':
      return 'true';
    case 'date':
      return quote('2026-03-14');
    case 'datetime':
      return quote('2026-03-14T09:30:00.000Z');
    case 'enum':
      return quote(field.spec.values?.[0] ?? '');
    case 'ref':
      return String(SAMPLE_REF_ID);
  }
}

/** The label a sample reference shows. */
export function sampleRefLabel(field: WebField): string {
  const ref = field.ref!;
  if (ref.target === 'users') return 'ada@example.com';
  if (ref.labelColumn === null) return `${capitalized(ref.names.label)} #${SAMPLE_REF_ID}`;
  return `Sample ${labelOf(ref.labelColumn).toLowerCase()}`;
}

/** The API's answer for the sample reference (`GET /api/<target>/7`, or one row of its list). */
export function sampleRefRecord(field: WebField): string {
  const ref = field.ref!;
  if (ref.target === 'users') {
    return `{ id: ${SAMPLE_REF_ID}, email: 'ada@example.com', name: 'Ada', role: 'user', is_enabled: true, created_at: '2026-03-14T09:30:00.000Z', updated_at: '2026-03-14T09:30:00.000Z' }`;
  }
  if (ref.labelColumn === null) return `{ id: ${SAMPLE_REF_ID} }`;
  return `{ id: ${SAMPLE_REF_ID}, ${ref.labelColumn}: ${quote(sampleRefLabel(field))} }`;
}

/** The text a list cell shows for the sample value, or null when it depends on the locale. */
export function sampleCell(field: WebField): string | null {
  switch (field.spec.type) {
    case 'datetime':
      return null;
    case 'boolean':
      return 'Yes';
    case 'ref':
      return sampleRefLabel(field);
    default:
      return sampleOf(field).replace(/^'|'$/g, '');
  }
}
