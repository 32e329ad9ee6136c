import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  type ApplicationConfig,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideTessera, tesseraInterceptor } from '@tessera/angular';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    // The access token lives in memory: a reload signs out until refresh cookies arrive.
    provideTessera({ storageType: 'memory' }),
    provideHttpClient(withInterceptors([tesseraInterceptor])),
  ],
};
