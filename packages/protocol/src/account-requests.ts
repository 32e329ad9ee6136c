/**
 * Request and response bodies of password reset, email verification and invitations
 * (issue #14). Every token travels to the web app in a link's fragment (`#token=…`), and back
 * to the server only in these JSON bodies.
 */

/** `POST /api/auth/password/forgot`. */
export interface ForgotPasswordRequest {
  readonly email: string;
}

/**
 * The `202` answer of the routes that send mail (`password/forgot`, `email/verification`,
 * `email`, a resent invitation): the same body whoever the address belongs to.
 */
export interface AcceptedResponse {
  readonly message: string;
}

/** `POST /api/auth/password/reset`: answered with a `TokenResponse` (signed in). */
export interface ResetPasswordRequest {
  readonly token: string;
  readonly new_password: string;
}

/** `POST /api/auth/email/verify`: answered with the `UserDto`, the address now verified. */
export interface VerifyEmailRequest {
  readonly token: string;
}

/** `POST /api/auth/email`: the new address is used only once its link is followed. */
export interface ChangeEmailRequest {
  readonly new_email: string;
  readonly current_password: string;
}

/** `POST /api/auth/invitation/accept`: answered with a `TokenResponse` (signed in). */
export interface AcceptInvitationRequest {
  readonly token: string;
  readonly password: string;
}
