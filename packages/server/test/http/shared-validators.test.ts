/**
 * sharedValidatorFactory: route parts whose request schemas are equal get one compiled validator
 * (shorter start), which accepts and refuses what Ajv does with Fastify's options; a different
 * schema, and a context with other shared schemas, get their own.
 */
import { describe, expect, it } from 'vitest';
import { sharedValidatorFactory } from '../../src/http/shared-validators.js';

const FASTIFY_AJV = { customOptions: { coerceTypes: false, removeAdditional: false } };
const role = { $id: 'Role', type: 'string', enum: ['admin', 'user'] };
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
};
const part = (url: string, httpPart: string, schema: Record<string, unknown>) => ({
  method: 'GET',
  url,
  httpPart,
  schema,
});

describe('shared request validators', () => {
  it('compiles one validator for equal schemas of different routes and parts', () => {
    const compile = sharedValidatorFactory()({ Role: role }, FASTIFY_AJV);
    const first = compile(part('/api/users/:id', 'params', structuredClone(idParams)));
    const second = compile(part('/api/sessions/:id', 'params', structuredClone(idParams)));
    expect(second).toBe(first);
    expect(first({ id: 7 })).toBe(true);
    expect(first({ id: 0 })).toBe(false);
    expect(first.errors?.[0]?.instancePath).toBe('/id');
    expect(first({ id: '7' })).toBe(false); // no coercion: Fastify's options are kept
  });

  it('compiles its own validator for a different schema, with the shared schemas it refers to', () => {
    const compile = sharedValidatorFactory()({ Role: role }, FASTIFY_AJV);
    const ids = compile(part('/a/:id', 'params', idParams));
    const body = compile(
      part('/a', 'body', {
        type: 'object',
        required: ['role'],
        properties: { role: { $ref: 'Role#' } },
      }),
    );
    expect(body).not.toBe(ids);
    expect(body({ role: 'admin' })).toBe(true);
    expect(body({ role: 'root' })).toBe(false);
  });

  it('shares nothing between two contexts whose shared schemas differ', () => {
    const factory = sharedValidatorFactory();
    const schema = { type: 'object', properties: { role: { $ref: 'Role#' } } };
    const inApp = factory({ Role: role }, FASTIFY_AJV)(part('/a', 'body', schema));
    const wider = { ...role, enum: ['admin', 'user', 'auditor'] };
    const inPlugin = factory({ Role: wider }, FASTIFY_AJV)(part('/a', 'body', schema));
    expect(inPlugin).not.toBe(inApp);
    expect(inApp({ role: 'auditor' })).toBe(false);
    expect(inPlugin({ role: 'auditor' })).toBe(true);
  });
});
