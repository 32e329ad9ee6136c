/** The `amr` methods that are a second factor (a passkey alone counts: it is possession + UV). */
const STRONG_METHODS: ReadonlySet<string> = new Set(['otp', 'webauthn']);

/**
 * Which roles must sign in with a second factor (`TESSERA_MFA_REQUIRED_ROLES`). A session of
 * such a user signed in with a password alone (it has no factor yet, or predates the rule) is
 * limited by the guard to the routes marked `mfaEnrolment: true` (the profile, MFA enrolment,
 * logout) and its token responses say `mfa_enrolment_required: true`; never full access.
 */
export class MfaPolicy {
  readonly #roles: ReadonlySet<string>;

  constructor(requiredRoles: readonly string[]) {
    this.#roles = new Set(requiredRoles);
  }

  get requiredRoles(): readonly string[] {
    return [...this.#roles];
  }

  /** Whether `role` requires a second factor. */
  requires(role: string): boolean {
    return this.#roles.has(role);
  }

  /** Whether a session with `amr` lacks the second factor `role` requires. */
  lacksRequiredFactor(role: string, amr: readonly string[] | undefined): boolean {
    if (!this.#roles.has(role)) return false;
    return !(amr ?? []).some((method) => STRONG_METHODS.has(method));
  }
}
