/**
 * The request got no HTTP answer: offline, DNS failure, connection refused, or a response the
 * browser hid (CORS). The original error is kept as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await client.login({ email, password });
 * } catch (error) {
 *   if (error instanceof TesseraNetworkError) toast('You seem to be offline');
 * }
 * ```
 */
export class TesseraNetworkError extends Error {
  override readonly name = 'TesseraNetworkError';

  constructor(
    message = 'The server could not be reached (offline, or blocked by the browser)',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Calls `fetchFn`, turning a rejection into a {@link TesseraNetworkError} (with the original as
 * `cause`), except the caller's own abort, which is rethrown as it is.
 *
 * @example
 * ```ts
 * const response = await fetchOrThrow(fetch, 'https://api.example.com/api/users');
 * ```
 * @throws TesseraNetworkError, or the abort error.
 */
export async function fetchOrThrow(
  fetchFn: typeof fetch,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  try {
    return await fetchFn(input, init);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new TesseraNetworkError(undefined, { cause: error });
  }
}

/**
 * Whether a rejection of `fetch` is the caller's own abort (or `AbortSignal.timeout`), which is
 * passed through unchanged rather than turned into a {@link TesseraNetworkError}.
 *
 * @example
 * ```ts
 * isAbortError(new DOMException('stop', 'AbortError')); // true
 * ```
 */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name: unknown = Reflect.get(error, 'name');
  return name === 'AbortError' || name === 'TimeoutError';
}
