import { ROLE_SCOPES, ROLES } from '@tessera/protocol';
import type { AccessOptions, RoleName } from './access-options.js';
import { hasSpaceSeparated } from './space-separated.js';

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const SCOPE_NAME = /^[a-z][a-z0-9_-]{0,63}:[a-z][a-z0-9_-]{0,63}$/;
/** What every added role holds: its own profile. */
const PROFILE_SCOPES = ['profile:read', 'profile:write'] as const;

/**
 * Which role holds which scope: Tessera's table (`ROLE_SCOPES` of `@tessera/protocol`) plus the
 * application's {@link AccessOptions}, checked once when the app is built. A route's scope is
 * granted when the user's current role holds it **and** the token was issued with it, so a
 * demoted user loses it at once and a promoted one gets it at the next login or refresh.
 *
 * @example
 * ```ts
 * const policy = AccessPolicy.create({ scopes: { 'notes:read': ['user', 'admin'] } });
 * policy.scopeStringFor('user'); // 'profile:read profile:write notes:read'
 * ```
 */
export class AccessPolicy {
  readonly #scopesByRole: ReadonlyMap<RoleName, readonly string[]>;
  readonly #scopeStrings: ReadonlyMap<RoleName, string>;
  readonly #scopes: ReadonlySet<string>;

  private constructor(scopesByRole: Map<RoleName, string[]>) {
    this.#scopesByRole = scopesByRole;
    this.#scopeStrings = new Map([...scopesByRole].map(([role, list]) => [role, list.join(' ')]));
    this.#scopes = new Set([...scopesByRole.values()].flat());
  }

  /** @throws TypeError for a malformed, duplicate or unknown role or scope name. */
  static create(options: AccessOptions = {}): AccessPolicy {
    const table = new Map<RoleName, string[]>(ROLES.map((role) => [role, [...ROLE_SCOPES[role]]]));
    for (const role of options.roles ?? []) {
      if (!ROLE_NAME.test(role)) {
        throw new TypeError(`Role "${role}" must match ${String(ROLE_NAME)}`);
      }
      if (table.has(role)) throw new TypeError(`Role "${role}" is already defined`);
      table.set(role, [...PROFILE_SCOPES]);
    }
    const known = new Set([...table.values()].flat());
    for (const [scope, roles] of Object.entries(options.scopes ?? {})) {
      if (!SCOPE_NAME.test(scope)) {
        throw new TypeError(`Scope "${scope}" must look like "notes:read" (${String(SCOPE_NAME)})`);
      }
      if (known.has(scope)) throw new TypeError(`Scope "${scope}" is already defined`);
      known.add(scope);
      for (const role of roles) {
        const list = table.get(role);
        if (list === undefined) {
          throw new TypeError(`Scope "${scope}" names the unknown role "${role}"`);
        }
        if (!list.includes(scope)) list.push(scope);
      }
    }
    return new AccessPolicy(table);
  }

  /** Every role, Tessera's first. */
  get roles(): readonly RoleName[] {
    return [...this.#scopesByRole.keys()];
  }

  /** True for a known role. */
  isRole(role: string): boolean {
    return this.#scopesByRole.has(role);
  }

  /** True for a scope some role holds (a route may require it). */
  isScope(scope: string): boolean {
    return this.#scopes.has(scope);
  }

  /** The scopes a role holds (none for a role no longer configured). */
  scopesOf(role: RoleName): readonly string[] {
    return this.#scopesByRole.get(role) ?? [];
  }

  /** The `scope` claim of a token issued to `role`. */
  scopeStringFor(role: RoleName): string {
    return this.#scopeStrings.get(role) ?? '';
  }

  /** True when `role` holds `scope` now and `tokenScope` (the token's claim) includes it. */
  isGranted(scope: string, role: RoleName, tokenScope: string): boolean {
    const held = this.#scopesByRole.get(role);
    return held !== undefined && held.includes(scope) && hasSpaceSeparated(tokenScope, scope);
  }
}
