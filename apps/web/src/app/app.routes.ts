import type { Routes } from '@angular/router';
import { authGuard, guestGuard } from '@tessera/angular';
import { RESOURCE_ROUTES } from './resources/resources';

export const routes: Routes = [
  {
    path: 'login',
    title: 'Login · Tessera',
    canActivate: [guestGuard],
    loadComponent: () => import('./login/login').then((m) => m.Login),
  },
  {
    path: 'setup',
    title: 'First-run setup · Tessera',
    loadComponent: () => import('./setup/setup').then((m) => m.Setup),
  },
  {
    path: 'sessions',
    title: 'Sessions · Tessera',
    canActivate: [authGuard],
    loadComponent: () => import('./sessions/sessions-page').then((m) => m.SessionsPage),
  },
  {
    path: 'account/password',
    title: 'Change password · Tessera',
    canActivate: [authGuard],
    loadComponent: () => import('./account/change-password').then((m) => m.ChangePassword),
  },
  {
    path: '',
    pathMatch: 'full',
    title: 'Users · Tessera',
    canActivate: [authGuard],
    loadComponent: () => import('./users/users-page').then((m) => m.UsersPage),
  },
  // The scaffolded resources (`tessera scaffold`): /<name>, /<name>/new, /<name>/:id.
  ...RESOURCE_ROUTES,
  { path: '**', redirectTo: '' },
];
