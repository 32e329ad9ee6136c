import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** Registers the OpenAPI 3.1 generator; call before the routes are added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json['$id'] === 'string' ? json['$id'] : `def-${index}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera API',
        version: '0.1.0',
        description:
          'JWT authentication: login, tokens, users. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
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
