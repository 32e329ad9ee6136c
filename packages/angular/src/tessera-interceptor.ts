import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { TESSERA_CLIENT } from './tessera-options.js';

/**
 * Attaches `Authorization: Bearer <token>` to requests for the API's origins only (the client's
 * allowlist decides), never over an `Authorization` the caller set. A 401 (to a request whose
 * `Authorization` the caller did not set) goes to `client.handleUnauthorized`, which ends the
 * session when it came from an API origin and its code is about the token. Every error is rethrown unchanged, so callers still
 * see the `HttpErrorResponse` with its status and problem body.
 *
 * @example
 * ```ts
 * provideHttpClient(withInterceptors([tesseraInterceptor]));
 * ```
 */
export const tesseraInterceptor: HttpInterceptorFn = (request, next) => {
  const client = inject(TESSERA_CLIENT);
  const ownAuthorization = !request.headers.has('Authorization');
  const header = ownAuthorization ? client.authorizationHeader(request.url) : null;
  const outgoing =
    header === null ? request : request.clone({ setHeaders: { Authorization: header } });
  return next(outgoing).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && ownAuthorization) {
        const code: unknown = (error.error as { code?: unknown } | null)?.code;
        client.handleUnauthorized({
          status: error.status,
          url: request.url,
          ...(typeof code === 'string' ? { code } : {}),
        });
      }
      return throwError(() => error);
    }),
  );
};
