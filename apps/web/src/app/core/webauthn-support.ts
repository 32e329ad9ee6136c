/** Whether this browser can use passkeys at all (the WebAuthn API is there). */
export function webAuthnAvailable(): boolean {
  return typeof globalThis.PublicKeyCredential === 'function';
}

/** Whether a failed passkey ceremony was the user's own cancel (or a timeout), not a fault. */
export function passkeyCancelled(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ['NotAllowedError', 'AbortError'].includes(String(Reflect.get(error, 'name')))
  );
}
