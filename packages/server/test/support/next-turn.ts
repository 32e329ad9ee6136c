import { setImmediate } from 'node:timers/promises';

/**
 * Waits for the next event-loop turn. A request that follows a commit made by another process
 * reaches a real server in a later turn than the one in which the server last checked SQLite
 * for changes (it is read from its socket in a poll phase); `app.inject` runs a request in the
 * same turn as the test's previous step, so a test that stands in for the other process with a
 * second connection crosses a turn before its next request. The same thing over real sockets,
 * with no wait, is tested in packages/cli/test/cross-process-revocation.test.ts.
 */
export function nextRequestTurn(): Promise<void> {
  return setImmediate();
}
