// @vitest-environment jsdom
// The interceptor has no retry logic of its own: it takes the client's one path
// (`client.beginRequest`), so it answers as `client.fetch` does, in both modes. (That a second
// 401 is final, whatever its code, is in interceptor.test.ts.)
import './support/test-bed.js';
import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import {
  API,
  EXPIRED,
  UNAUTHORIZED,
  USERS,
  get,
  newToken,
  settled,
  setup,
  setupRefresh,
} from './support/http-bed.js';

const LOGIN = `${API}/api/auth/login`;
const WRONG_PASSWORD = { message: 'Invalid email or password', code: 'invalid_credentials' };

const MODES = [
  { name: 'without refresh', make: () => ({ ...setup(newToken()), refreshes: [] }) },
  { name: 'with refresh', make: () => setupRefresh(newToken()) },
];

describe.each(MODES)('tesseraInterceptor takes the client path, $name', ({ make }) => {
  it('a 401 from the login URL: no refresh, no retry, the token kept', async () => {
    const { http, controller, refreshes, client, events } = make();
    const token = client.getToken();
    const outcome = get(http, LOGIN);
    controller.expectOne(LOGIN).flush(WRONG_PASSWORD, UNAUTHORIZED);
    await settled(outcome);

    controller.expectNone(LOGIN);
    expect((outcome.error as HttpErrorResponse).error).toEqual(WRONG_PASSWORD);
    expect(refreshes).toHaveLength(0);
    expect(client.getToken()).toBe(token);
    expect(events).toEqual([]);
  });
});

describe('tesseraInterceptor takes the client path, without refresh', () => {
  it('N parallel 401 token_expired: no retry, the token removed once (unauthorized)', async () => {
    const { http, controller, client, events } = setup();
    const outcomes = Array.from({ length: 5 }, () => get(http, USERS));
    for (const request of controller.match(USERS)) request.flush(EXPIRED, UNAUTHORIZED);
    await Promise.all(outcomes.map(settled));

    controller.expectNone(USERS);
    expect(outcomes.every((outcome) => outcome.error instanceof HttpErrorResponse)).toBe(true);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['unauthorized']);
  });
});
