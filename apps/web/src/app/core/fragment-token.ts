import { Location } from '@angular/common';
import { inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';

/**
 * The `token` of a mailed link (`/reset-password#token=…`), read once from the URL fragment,
 * which is then removed from the address bar (`history.replaceState`): the token never reaches
 * a server log or a Referer, and does not stay in the history. `null` when the link has none.
 * Call it in an injection context (a component's field or constructor).
 */
export function takeFragmentToken(): string | null {
  const fragment = inject(ActivatedRoute).snapshot.fragment ?? '';
  const location = inject(Location);
  if (fragment !== '') location.replaceState(location.path(false));
  const token = new URLSearchParams(fragment).get('token');
  return token === null || token === '' ? null : token;
}
