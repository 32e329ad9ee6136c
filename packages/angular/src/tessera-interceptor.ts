import {
  HttpErrorResponse,
  type HttpEvent,
  type HttpInterceptorFn,
  type HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { TesseraHttpError, TesseraNetworkError } from '@tessera/client';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import { TESSERA_CLIENT } from './tessera-options.js';

/**
 * Attaches `Authorization: Bearer <token>` to requests for the API's origins only (the client's
 * allowlist decides), never over an `Authorization` the caller set. It is a thin binding of the
 * client's one refresh/retry path (`client.beginRequest`, the path `client.fetch` takes too).
 *
 * With `refresh` configured on the client: a stale token is refreshed before the request leaves
 * (one refresh shared by every concurrent request, and across tabs); a 401 about an expired token
 * refreshes once and sends the request ONE more time with the new token; a second 401 is final.
 * Without `refresh`, a 401 about the token ends the session (`unauthorized`).
 *
 * Every error reaches the caller as an `HttpErrorResponse`: the API's own (status and problem
 * body, unchanged), or, when the refresh a stale token needed first failed, one built from it
 * (status 0 for a network failure, the refresh's status otherwise).
 *
 * @example
 * ```ts
 * provideHttpClient(withInterceptors([tesseraInterceptor]));
 * ```
 */
export const tesseraInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.headers.has('Authorization')) return next(request);
  const attempt = inject(TESSERA_CLIENT).beginRequest(request.url);
  const send = (header: string | null): Observable<HttpEvent<unknown>> =>
    next(withAuthorization(request, header)).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
          return throwError(() => error);
        }
        return from(attempt.retry({ status: 401, code: problemCode(error) })).pipe(
          switchMap((again) => (again ? send(attempt.header()) : throwError(() => error))),
        );
      }),
    );
  // Only a stale token waits for a refresh; the common case stays synchronous.
  if (!attempt.needsRefresh) return send(attempt.header());
  return from(attempt.freshHeader()).pipe(
    catchError((error: unknown) => throwError(() => asHttpError(error, request.url))),
    switchMap(send),
  );
};

function withAuthorization(request: HttpRequest<unknown>, header: string | null) {
  return header === null ? request : request.clone({ setHeaders: { Authorization: header } });
}

function problemCode(error: HttpErrorResponse): string | undefined {
  const code: unknown = (error.error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error of a refresh that had to happen before the request, as `HttpClient` reports one. */
function asHttpError(error: unknown, url: string): unknown {
  if (error instanceof TesseraNetworkError) {
    return new HttpErrorResponse({ status: 0, statusText: 'Unknown Error', url, error });
  }
  if (error instanceof TesseraHttpError) {
    return new HttpErrorResponse({
      status: error.status,
      url,
      error: error.problem ?? { message: error.message },
    });
  }
  return error;
}
