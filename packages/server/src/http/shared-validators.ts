import AjvCompiler from '@fastify/ajv-compiler';
import { compiledPerSchema } from './compiled-per-schema.js';

type ValidatorFactory = AjvCompiler.ValidatorFactory;
type ValidatorCompiler = AjvCompiler.ValidatorCompiler;

/**
 * Fastify's own validator factory (Ajv, with Fastify's options), with each compiled validator
 * shared by every route part whose schema is the same: Fastify compiles one per route and part,
 * and Ajv reuses a compiled schema only for the same object, so the `{ id }` params of every
 * `/:id` route and the repeated bodies were compiled again each time (53 compilations of 31
 * schemas, about 110 ms of Tessera's start). A validator is a pure function of its schema and
 * of its Ajv instance (one per set of shared schemas and options, as Fastify pools them), which
 * the cache is per. Bounded by the number of distinct request schemas the routes declare.
 *
 * @example
 * ```ts
 * Fastify({ schemaController: { compilersFactory: { buildValidator: sharedValidatorFactory() } } });
 * ```
 */
export function sharedValidatorFactory(): ValidatorFactory {
  const build = AjvCompiler();
  const sharedByCompiler = new WeakMap<ValidatorCompiler, ValidatorCompiler>();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    let shared = sharedByCompiler.get(compile);
    if (shared === undefined) {
      shared = compiledPerSchema(compile);
      sharedByCompiler.set(compile, shared);
    }
    return shared;
  };
}
