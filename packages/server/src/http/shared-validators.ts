import AjvCompiler from '@fastify/ajv-compiler';
import { compiledPerSchema } from './compiled-per-schema.js';

type ValidatorFactory = AjvCompiler.ValidatorFactory;
type ValidatorCompiler = AjvCompiler.ValidatorCompiler;

/**
 * Fastify's own validator factory (Ajv, with Fastify's options), with each compiled validator
 * shared by every route part whose schema is the same: Fastify compiles one per route and part,
 * and Ajv reuses a compiled schema only for the same object, so the `{ id }` params of every
 * `/:id` route and the repeated bodies were compiled again each time (53 compilations of 31
 * schemas; Ajv's part of Tessera's start went from 110 to 85 ms). A validator is a pure function
 * of its schema and of its Ajv instance. Fastify's pool hands the same compiler (one Ajv) to every
 * context with the same shared schemas and options, so the cache is kept per compiler and those
 * contexts share it. Bounded by the number of distinct request schemas the routes declare.
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
