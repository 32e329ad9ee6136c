/**
 * sharedSerializerFactory: routes whose response schemas are equal get one compiled serializer
 * (shorter start), which writes what fast-json-stringify writes; different schemas, and another
 * encapsulation context, get their own.
 */
import { describe, expect, it } from 'vitest';
import { sharedSerializerFactory } from '../../src/http/shared-serializers.js';

const problem = {
  $id: 'Problem',
  type: 'object',
  properties: { code: { type: 'string' }, status: { type: 'integer' } },
};
const route = (url: string, httpStatus: string, schema: unknown) => ({
  method: 'GET',
  url,
  httpStatus,
  schema,
});

describe('shared response serializers', () => {
  it('compiles one serializer for equal schemas of different routes and status codes', () => {
    const compile = sharedSerializerFactory()({ Problem: problem }, {});
    const first = compile(route('/a', '401', { $ref: 'Problem#' }));
    const second = compile(route('/b', '404', { $ref: 'Problem#' }));
    expect(second).toBe(first);
    expect(first({ code: 'not_found', status: 404, stack: 'never written' })).toBe(
      '{"code":"not_found","status":404}',
    );
  });

  it('compiles its own serializer for a different schema, and writes only what it declares', () => {
    const compile = sharedSerializerFactory()({ Problem: problem }, {});
    const problemSerializer = compile(route('/a', '401', { $ref: 'Problem#' }));
    const count = compile(
      route('/a', '200', { type: 'object', properties: { total: { type: 'integer' } } }),
    );
    expect(count).not.toBe(problemSerializer);
    expect(count({ total: 3, code: 'x' })).toBe('{"total":3}');
  });

  it('shares nothing between two contexts, whose shared schemas may differ', () => {
    const factory = sharedSerializerFactory();
    const other = { ...problem, properties: { code: { type: 'string' } } };
    const inApp = factory({ Problem: problem }, {})(route('/a', '401', { $ref: 'Problem#' }));
    const inPlugin = factory({ Problem: other }, {})(route('/a', '401', { $ref: 'Problem#' }));
    expect(inPlugin).not.toBe(inApp);
    expect(inPlugin({ code: 'x', status: 401 })).toBe('{"code":"x"}');
  });
});
