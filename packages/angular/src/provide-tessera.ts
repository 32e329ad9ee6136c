import { makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { TesseraClient } from '@tessera/client';
import { TesseraAuth } from './tessera-auth.js';
import {
  TESSERA_CLIENT,
  TESSERA_OPTIONS,
  type ResolvedTesseraOptions,
  type TesseraConfig,
} from './tessera-options.js';

/**
 * Provides Tessera to an Angular application: the {@link TesseraClient} under
 * {@link TESSERA_CLIENT}, the binding's options, and the {@link TesseraAuth} state service.
 * Add {@link tesseraInterceptor} to `provideHttpClient` so API calls carry the token.
 *
 * @example
 * ```ts
 * bootstrapApplication(App, {
 *   providers: [
 *     provideTessera({ storageType: 'memory' }),
 *     provideHttpClient(withInterceptors([tesseraInterceptor])),
 *     provideRouter(routes),
 *   ],
 * });
 * ```
 */
export function provideTessera(config: TesseraConfig): EnvironmentProviders {
  const { loginPath = '/login', homePath = '/', meUrl = '/api/auth/me', ...rest } = config;
  const options: ResolvedTesseraOptions = { loginPath, homePath, meUrl };
  return makeEnvironmentProviders([
    { provide: TESSERA_OPTIONS, useValue: options },
    {
      provide: TESSERA_CLIENT,
      useFactory: () => ('client' in rest ? rest.client : new TesseraClient(rest)),
    },
    { provide: TesseraAuth, useFactory: () => new TesseraAuth() },
  ]);
}
