import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** The `bearer` security scheme Tessera's protected routes declare. */
export const TESSERA_SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
} as const;

/**
 * `@fastify/swagger` options for an OpenAPI 3.1 document that includes Tessera's routes: shared
 * schemas named by their `$id` (`User`, `Problem`, …) and the `bearer` security scheme. Register
 * `@fastify/swagger` with them before the `tessera` plugin.
 *
 * @example
 * ```ts
 * await app.register(swagger, tesseraOpenApiOptions({ title: 'Notes API', version: '1.0.0' }));
 * await app.register(tessera, options);
 * ```
 */
export function tesseraOpenApiOptions(info: {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}): SwaggerOptions {
  return {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json['$id'] === 'string' ? json['$id'] : `def-${index}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: { ...info },
      components: { securitySchemes: { ...TESSERA_SECURITY_SCHEMES } },
    },
  };
}

/** Registers the OpenAPI 3.1 generator of the Tessera app; call before the routes are added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(
    swagger,
    tesseraOpenApiOptions({
      title: 'Tessera API',
      version: '0.1.0',
      description:
        'JWT authentication: login, tokens, users. Errors are RFC 9457 problem+json with a stable `code`.',
    }),
  );
}

/** Publishes `/api/openapi.json` and Swagger UI at `/api/docs`, both public. */
export async function registerOpenApiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
      route.schema = { ...route.schema, hide: true };
    });
    scope.get('/api/openapi.json', () => app.swagger());
    await scope.register(swaggerUi, { routePrefix: '/api/docs' });
  });
}
