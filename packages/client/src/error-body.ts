function isJsonResponse(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /^application\/(?:[\w.-]+\+)?json\b/i.test(type.trim());
}

/**
 * The parsed JSON body of an error response, or `undefined` when its content type is not JSON or
 * it cannot be read. Never throws.
 *
 * @example
 * ```ts
 * const body = await readErrorBody(response); // { code: 'invalid_credentials', … }
 * ```
 */
export async function readErrorBody(response: Response): Promise<unknown> {
  if (!isJsonResponse(response)) return undefined;
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}
