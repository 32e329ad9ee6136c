/** The part of `window` the client needs to hear `storage` events. */
interface EventHost {
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
}

function isEventHost(value: unknown): value is EventHost {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'addEventListener') === 'function' &&
    typeof Reflect.get(value, 'removeEventListener') === 'function'
  );
}

/** Whether `event` is a `storage` event about `key` (or a `clear()`) in `area`. */
function concerns(event: unknown, key: string, area: object): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const eventKey: unknown = Reflect.get(event, 'key');
  return Reflect.get(event, 'storageArea') === area && (eventKey === key || eventKey === null);
}

/**
 * Calls `onChange` when another tab changes `key` in the web storage `area` (the browser fires
 * `storage` events in every other tab of the origin, never in the tab that wrote). Returns the
 * function that stops listening. Outside a browser it does nothing.
 *
 * @example
 * ```ts
 * const stop = watchStorage(localStorage, 'tessera_token', () => reload());
 * stop();
 * ```
 */
export function watchStorage(area: object, key: string, onChange: () => void): () => void {
  const host: unknown = globalThis;
  if (!isEventHost(host)) return () => undefined;
  const listener = (event: unknown): void => {
    if (concerns(event, key, area)) onChange();
  };
  host.addEventListener('storage', listener);
  return () => host.removeEventListener('storage', listener);
}
