import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  type ApplicationConfig,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideTessera, TESSERA_CLIENT, tesseraInterceptor } from '@tessera/angular';
import { routes } from './app.routes';

/** How long the start waits for the session to come back before showing the app anyway. */
export const RESTORE_TIMEOUT_MS = 10_000;

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    // The access token lives in memory; the refresh token is an HttpOnly cookie no script can
    // read (SECURITY.md W10, D10). The client renews the access token before it expires, shares
    // it with the other tabs, and signs every tab out together.
    provideTessera({ storageType: 'memory', refresh: { transport: 'cookie' } }),
    provideHttpClient(withInterceptors([tesseraInterceptor])),
    // A reload keeps the session: the app (and its guards) start once the cookie has been
    // traded for an access token, or the server said there is no session. Nothing is shown
    // meanwhile. `restore()` never rejects; a server that does not answer is not waited for.
    provideAppInitializer(() => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), RESTORE_TIMEOUT_MS);
      });
      return Promise.race([inject(TESSERA_CLIENT).restore(), timeout]).finally(() =>
        clearTimeout(timer),
      );
    }),
  ],
};
