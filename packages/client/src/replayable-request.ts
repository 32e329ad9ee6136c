import { isRequest } from './fetch-input.js';

/** What `fetch` can be given again: the input (a `Request` cloned beforehand) and its init. */
export interface Replay {
  readonly input: string | URL | Request;
  readonly init: RequestInit | undefined;
}

function isInstance(value: object, name: string): boolean {
  const type: unknown = Reflect.get(globalThis, name);
  return typeof type === 'function' && value instanceof type;
}

/**
 * Whether `fetch` can send this `init.body` twice: nothing, a string, `URLSearchParams`, a
 * `Blob`, `FormData`, an `ArrayBuffer` or a view of one. A stream (or an async iterable) is
 * read by the first send and is not.
 *
 * @example
 * ```ts
 * isResendableBody('{"a":1}'); // true
 * isResendableBody(new ReadableStream()); // false
 * ```
 */
export function isResendableBody(body: unknown): boolean {
  if (body === undefined || body === null || typeof body === 'string') return true;
  if (typeof body !== 'object') return false;
  return (
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    ['URLSearchParams', 'Blob', 'FormData'].some((name) => isInstance(body, name))
  );
}

/**
 * How to send a request a second time, taken BEFORE the first send, or `null` when it cannot be
 * sent again: an `init.body` that is a stream, or a `Request` whose body is already used. A
 * `Request` is cloned (its body, whatever it is, is then buffered by the clone).
 *
 * @example
 * ```ts
 * const replay = replayable(input, init);
 * const response = await fetch(input, init);
 * if (response.status === 401 && replay !== null) await fetch(replay.input, replay.init);
 * ```
 */
export function replayable(input: string | URL | Request, init?: RequestInit): Replay | null {
  if (init !== undefined && !isResendableBody(init.body)) return null;
  if (!isRequest(input)) return { input, init };
  if (input.bodyUsed) return null;
  try {
    return { input: input.clone(), init };
  } catch {
    return null;
  }
}
