/**
 * COSE algorithms accepted for passkeys: EdDSA (-8), ES256 (-7), RS256 (-257), the ones every
 * platform authenticator offers. Registration offers them in this order.
 */
export const SUPPORTED_ALGORITHMS: readonly number[] = [-8, -7, -257];
