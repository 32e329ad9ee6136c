// A consumer of the packed @tessera/client and @tessera/angular, as an Angular app would use
// them: type-checked (bundler resolution) by scripts/check-packages.mjs outside the repository.
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import type { ApplicationConfig } from '@angular/core';
import { provideRouter, type Routes } from '@angular/router';
import { authGuard, guestGuard, provideTessera, tesseraInterceptor } from '@tessera/angular';
import { TesseraClient, TesseraHttpError } from '@tessera/client';
import type { UsersPage } from '@tessera/protocol';

const routes: Routes = [
  { path: 'login', canActivate: [guestGuard], children: [] },
  { path: 'users', canActivate: [authGuard], children: [] },
];

export const appConfig: ApplicationConfig = {
  providers: [
    provideRouter(routes),
    provideHttpClient(withInterceptors([tesseraInterceptor])),
    provideTessera({ baseUrl: 'https://api.example.com' }),
  ],
};

export async function listUsers(): Promise<number> {
  const auth = new TesseraClient({ baseUrl: 'https://api.example.com' });
  try {
    await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    const page = await auth.request<UsersPage>('/api/users');
    return page.total;
  } catch (error) {
    if (error instanceof TesseraHttpError && error.code === 'token_expired') return -1;
    throw error;
  }
}
