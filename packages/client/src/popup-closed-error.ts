/**
 * The user closed the provider's popup before the sign-in (or link) finished. A client-side
 * error, not an HTTP one: no request failed, so it is not a {@link TesseraHttpError} and has no
 * `status`; like one, it carries a stable `code` (`popup_closed`) to switch on.
 *
 * @example
 * ```ts
 * try {
 *   await auth.authenticate('google');
 * } catch (error) {
 *   if (error instanceof TesseraPopupClosedError) return; // the user changed their mind
 *   throw error;
 * }
 * ```
 */
export class TesseraPopupClosedError extends Error {
  override readonly name: string = 'TesseraPopupClosedError';
  readonly code = 'popup_closed';

  constructor(message = 'The sign-in window was closed before the sign-in finished') {
    super(message);
  }
}
