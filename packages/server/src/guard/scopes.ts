import { ROLE_SCOPES, type Role, type Scope } from '@tessera/protocol';

/** The scopes a role grants, as the space-separated string put in the token. */
export function scopeStringForRole(role: Role): string {
  return ROLE_SCOPES[role].join(' ');
}

/**
 * True when the user's current role (read from the database) grants `scope` **and** the token
 * was issued with it. A demoted user loses the scope at once; a promoted one gets it at the next
 * login.
 */
export function isScopeGranted(scope: Scope, role: Role, tokenScope: string): boolean {
  return ROLE_SCOPES[role].includes(scope) && hasSpaceSeparated(tokenScope, scope);
}

/** `list.split(' ').includes(word)` for a non-empty `word` without spaces, without allocating. */
function hasSpaceSeparated(list: string, word: string): boolean {
  if (word.length === 0 || word.includes(' ')) return list.split(' ').includes(word);
  for (let at = list.indexOf(word); at !== -1; at = list.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || list[at - 1] === ' ') && (end === list.length || list[end] === ' ')) {
      return true;
    }
  }
  return false;
}
