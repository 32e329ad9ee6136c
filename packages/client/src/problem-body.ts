import { isErrorCode, type ErrorCode, type ProblemDetails } from '@tessera/protocol';

type FieldError = { readonly path: string; readonly message: string };

function field(body: object, name: string): unknown {
  return Reflect.get(body, name);
}

function isFieldErrors(value: unknown): value is readonly FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof field(item, 'path') === 'string' &&
        typeof field(item, 'message') === 'string',
    )
  );
}

/**
 * The `code` member of an error body, when it is one of the registry's codes.
 *
 * @example
 * ```ts
 * errorCodeOf({ code: 'token_expired' }); // 'token_expired'
 * errorCodeOf({ code: 'made_up' }); // undefined
 * ```
 */
export function errorCodeOf(body: unknown): ErrorCode | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const code = field(body, 'code');
  return isErrorCode(code) ? code : undefined;
}

/**
 * Reads a parsed JSON body as Tessera problem details (RFC 9457 plus `message` and a registered
 * `code`), or `undefined` when it is not one. Only the known members are copied, each checked,
 * so the result matches its type.
 *
 * @example
 * ```ts
 * toProblemDetails({ type: 'urn:tessera:problem:token_expired', title: 'Token has expired',
 *   status: 401, detail: 'Token has expired', message: 'Token has expired', code: 'token_expired' });
 * toProblemDetails({ message: 'Token is invalid' }); // undefined (no code)
 * ```
 */
export function toProblemDetails(body: unknown): ProblemDetails | undefined {
  const code = errorCodeOf(body);
  if (code === undefined || typeof body !== 'object' || body === null) return undefined;
  const [type, title, status, detail, message] = [
    'type',
    'title',
    'status',
    'detail',
    'message',
  ].map((name) => field(body, name));
  if (
    typeof type !== 'string' ||
    typeof title !== 'string' ||
    typeof status !== 'number' ||
    typeof detail !== 'string' ||
    typeof message !== 'string'
  ) {
    return undefined;
  }
  const requestId = field(body, 'request_id');
  const errors = field(body, 'errors');
  return {
    type,
    title,
    status,
    detail,
    message,
    code,
    ...(typeof requestId === 'string' ? { request_id: requestId } : {}),
    ...(isFieldErrors(errors) ? { errors } : {}),
  };
}
