/**
 * The `challenge` a WebAuthn answer's `clientDataJSON` carries (base64url), read without
 * trusting it: undefined for anything malformed. It only picks which stored challenge to
 * check the answer against; the signature check reads it again.
 */
export function challengeOfAnswer(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const response = (answer as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const clientData = (response as { clientDataJSON?: unknown }).clientDataJSON;
  if (typeof clientData !== 'string' || !/^[A-Za-z0-9_-]{1,8192}$/.test(clientData)) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8'));
    const challenge =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as { challenge?: unknown }).challenge
        : undefined;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{1,512}$/.test(challenge)
      ? challenge
      : undefined;
  } catch {
    return undefined;
  }
}
