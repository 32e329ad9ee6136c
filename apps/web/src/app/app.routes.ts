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
  // The pages of mailed links: the token travels in the fragment (`#token=…`), never to a server.
  {
    path: 'forgot-password',
    title: 'Forgot password · Tessera',
    loadComponent: () => import('./recovery/forgot-password').then((m) => m.ForgotPassword),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password · Tessera',
    loadComponent: () => import('./recovery/reset-password').then((m) => m.ResetPassword),
  },
  {
    path: 'verify-email',
    title: 'Verify your email · Tessera',
    loadComponent: () => import('./email/verify-email').then((m) => m.VerifyEmail),
  },
  {
    path: 'accept-invitation',
    title: 'Accept your invitation · Tessera',
    loadComponent: () => import('./invitation/accept-invitation').then((m) => m.AcceptInvitation),
  },
  // Where the server sends the browser back from a sign-in provider (`#ticket=…`, `#linked=…`
  // or `#error=…`): public, for a signed-out login and a signed-in link alike.
  {
    path: 'oidc/callback',
    title: 'Signing in · Tessera',
    loadComponent: () => import('./oidc/oidc-callback').then((m) => m.OidcCallback),
  },
  {
    path: 'security',
    title: 'Security · Tessera',
    canActivate: [authGuard],
    loadComponent: () => import('./security/security-page').then((m) => m.SecurityPage),
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
