import {
  HttpErrorResponse,
  type HttpEvent,
  type HttpHandlerFn,
  type HttpInterceptorFn,
  type HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { TesseraHttpError, TesseraNetworkError, type TesseraClient } from '@tessera/client';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import { TESSERA_CLIENT } from './tessera-options.js';

/**
 * Attaches `Authorization: Bearer <token>` to requests for the API's origins only (the client's
 * allowlist decides), never over an `Authorization` the caller set.
 *
 * With `refresh` configured on the client: a stale token is refreshed before the request leaves
 * (one refresh shared by every concurrent request, and across tabs); a 401 about an expired token
 * refreshes once and sends the request ONE more time with the new token. Without `refresh`, a
 * 401 about the token ends the session (`unauthorized`), as before.
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
  const client = inject(TESSERA_CLIENT);
  if (request.headers.has('Authorization')) return next(request);
  const url = request.url;
  // Only a stale token waits for a refresh; the common case stays synchronous.
  if (!needsRefresh(client, url))
    return send(client, request, next, client.authorizationHeader(url));
  return from(client.freshAuthorizationHeader(url)).pipe(
    catchError((error: unknown) => throwError(() => asHttpError(error, url))),
    switchMap((header) => send(client, request, next, header)),
  );
};

/** Whether the client would refresh before sending (a token held, stale, for an API origin). */
function needsRefresh(client: TesseraClient, url: string): boolean {
  return client.getToken() !== null && !client.isAuthenticated() && client.shouldAttachToken(url);
}

function withAuthorization(request: HttpRequest<unknown>, header: string | null) {
  return header === null ? request : request.clone({ setHeaders: { Authorization: header } });
}

function problemCode(error: HttpErrorResponse): string | undefined {
  const code: unknown = (error.error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sends `request` with `header`; after a 401, asks the client whether to send it again (it
 * refreshes an expired token) and does so once. The second answer is final.
 */
function send(
  client: TesseraClient,
  request: HttpRequest<unknown>,
  next: HttpHandlerFn,
  header: string | null,
): Observable<HttpEvent<unknown>> {
  const url = request.url;
  const sentToken = client.getToken();
  return next(withAuthorization(request, header)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      const code = problemCode(error);
      const unauthorized = { status: 401, url, ...(code === undefined ? {} : { code }) };
      return from(client.retryAfterUnauthorized({ ...unauthorized, token: sentToken })).pipe(
        switchMap((retry) => {
          if (!retry) return throwError(() => error);
          return next(withAuthorization(request, client.authorizationHeader(url))).pipe(
            catchError((again: unknown) => {
              if (again instanceof HttpErrorResponse && again.status === 401) {
                const againCode = problemCode(again);
                client.handleUnauthorized({
                  status: 401,
                  url,
                  ...(againCode === undefined ? {} : { code: againCode }),
                });
              }
              return throwError(() => again);
            }),
          );
        }),
      );
    }),
  );
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
