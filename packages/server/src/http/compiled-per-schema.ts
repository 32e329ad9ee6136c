/**
 * `compile`, called once per distinct schema (compared as JSON) of the routes it is given: the
 * function compiled for the first route of a schema is returned for every later one. For
 * Fastify's validator and serializer compilers, whose output depends on the schema alone (and on
 * the compiler's own shared schemas and options, which `compile` is bound to).
 *
 * @example
 * ```ts
 * const shared = compiledPerSchema(compile); // compile: (route) => validator
 * shared(routeA) === shared(routeB); // true when routeA.schema and routeB.schema are equal
 * ```
 */
export function compiledPerSchema<Route extends { readonly schema?: unknown }, Compiled>(
  compile: (route: Route) => Compiled,
): (route: Route) => Compiled {
  const compiled = new Map<string, Compiled>();
  return (route) => {
    const key = JSON.stringify(route.schema);
    let result = compiled.get(key);
    if (result === undefined) {
      result = compile(route);
      compiled.set(key, result);
    }
    return result;
  };
}
