import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import { compiledPerSchema } from './compiled-per-schema.js';

type SerializerFactory = SerializerSelector.SerializerFactory;

/**
 * Fastify's own serializer factory (fast-json-stringify), with each compiled serializer shared
 * by every route whose response schema is the same: Fastify compiles one per route and status
 * code, and most of Tessera's are a few schemas repeated (the `Problem#` body of nearly every
 * route's 400, 401, 403 and 404, the `User#`), so compiling each once shortens the start. A
 * serializer is a pure function of its schema and of the context's shared schemas, which the
 * cache is per (one per encapsulation context, as Fastify builds them). Bounded by the number of
 * distinct response schemas the routes declare.
 *
 * @example
 * ```ts
 * Fastify({ schemaController: { compilersFactory: { buildSerializer: sharedSerializerFactory() } } });
 * ```
 */
export function sharedSerializerFactory(): SerializerFactory {
  const build = SerializerSelector();
  return (externalSchemas, options) => compiledPerSchema(build(externalSchemas, options));
}
