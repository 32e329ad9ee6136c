import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient, type SessionDto } from '@tessera/client';
import { of } from 'rxjs';
import { Notifier } from '../core/notifier';
import { fakeApi, jsonResponse, sessionToken } from '../testing/fake-api';
import { SessionsPage } from './sessions-page';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';

function session(id: string, current: boolean, userAgent: string | null, lastUsed: string) {
  return {
    id,
    current,
    user_agent: userAgent,
    created_at: '2026-11-20T08:00:00.000Z',
    last_used_at: lastUsed,
    expires_at: '2026-12-20T08:00:00.000Z',
  } satisfies SessionDto;
}

function setup(confirm = true) {
  let sessions: SessionDto[] = [
    session('s2', false, FIREFOX, '2026-11-28T08:00:00.000Z'),
    session('s1', true, CHROME, '2026-11-27T08:00:00.000Z'),
    session('s3', false, null, '2026-11-29T08:00:00.000Z'),
  ];
  const api = fakeApi({
    'GET /api/auth/sessions': () => jsonResponse(200, { sessions }),
    'DELETE /api/auth/sessions/s1': () => jsonResponse(204),
    'DELETE /api/auth/sessions/s2': () => {
      sessions = sessions.filter((entry) => entry.id !== 's2');
      return jsonResponse(204);
    },
    'DELETE /api/auth/sessions/s3': () => {
      sessions = sessions.filter((entry) => entry.id !== 's3');
      return jsonResponse(204);
    },
    'POST /api/auth/logout-all': () => jsonResponse(204),
  });
  const client = new TesseraClient({
    fetch: api.fetch,
    refresh: { transport: 'cookie', crossTab: false },
  });
  client.setToken(sessionToken('s1'));
  const notifier = { info: vi.fn(), error: vi.fn() };
  const dialog = {
    open: vi.fn(() => ({ afterClosed: () => of(confirm) })),
    closeAll: vi.fn(),
  };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  TestBed.overrideProvider(MatDialog, { useValue: dialog });
  const fixture = TestBed.createComponent(SessionsPage);
  const element = fixture.nativeElement as HTMLElement;
  const stable = async () => {
    await vi.waitFor(() => expect(element.querySelector('mat-progress-bar')).toBeNull());
    await fixture.whenStable();
  };
  const rows = () =>
    [...element.querySelectorAll('tr.mat-mdc-row')].map((row) => row.textContent ?? '');
  const button = (name: string) =>
    [...element.querySelectorAll('button')].find(
      (entry) => (entry.getAttribute('aria-label') ?? entry.textContent?.trim()) === name,
    ) as HTMLButtonElement;
  const calls = () =>
    api.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);
  return { client, api, notifier, dialog, fixture, element, stable, rows, button, calls };
}

describe('SessionsPage', () => {
  it('lists the sessions, this device first and marked, then the most recently used', async () => {
    const { element, stable, rows } = setup();
    await stable();
    const headers = [...element.querySelectorAll('th')].map((th) => th.textContent?.trim());
    expect(headers).toEqual(['Device', 'Created', 'Last used', 'Expires', 'Actions']);
    const [first, second, third] = rows();
    expect(first).toContain('Chrome on Linux');
    expect(first).toContain('This device');
    expect(second).toContain('Unknown device');
    expect(third).toContain('Firefox on Windows');
    expect(rows().filter((row) => row.includes('This device'))).toHaveLength(1);
    expect(element.querySelector('tr.current')?.textContent).toContain('Chrome on Linux');
  });

  it('ends another session at once and reloads the list', async () => {
    const { stable, rows, element, notifier, calls, dialog } = setup();
    await stable();
    const end = element.querySelectorAll<HTMLButtonElement>('td.actions button')[2];
    expect(end?.getAttribute('aria-label')).toMatch(
      /^End session on Firefox on Windows, last used/,
    );
    end?.click();
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Session ended'));
    await stable();
    expect(dialog.open).not.toHaveBeenCalled();
    expect(calls()).toEqual(['DELETE /api/auth/sessions/s2']);
    expect(rows()).toHaveLength(2);
  });

  it('"End all other sessions" asks, then ends every other one and keeps this one', async () => {
    const { stable, rows, client, notifier, calls, dialog, button } = setup();
    await stable();
    button('End all other sessions').click();
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Other sessions ended'));
    await stable();
    expect(dialog.open).toHaveBeenCalledTimes(1);
    expect(calls().sort()).toEqual([
      'DELETE /api/auth/sessions/s2',
      'DELETE /api/auth/sessions/s3',
    ]);
    expect(rows()).toHaveLength(1);
    expect(client.isAuthenticated()).toBe(true);
  });

  it('ending this session asks first, then signs out', async () => {
    const { stable, client, calls, dialog, button } = setup();
    await stable();
    button('End this session (signs you out)').click();
    await vi.waitFor(() => expect(client.getToken()).toBeNull());
    expect(dialog.open).toHaveBeenCalledTimes(1);
    expect(calls()).toEqual(['DELETE /api/auth/sessions/s1']);
  });

  it('"Sign out everywhere" asks, then ends every session and signs out here', async () => {
    const { stable, client, api, dialog, button } = setup();
    await stable();
    button('Sign out everywhere').click();
    await vi.waitFor(() => expect(client.getToken()).toBeNull());
    expect(dialog.open).toHaveBeenCalledTimes(1);
    const call = api.calls.find((entry) => entry.path === '/api/auth/logout-all');
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('x-tessera-csrf')).toBe('1');
  });

  it('does nothing when the question is cancelled', async () => {
    const { stable, client, calls, button } = setup(false);
    await stable();
    button('Sign out everywhere').click();
    button('End all other sessions').click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls()).toEqual([]);
    expect(client.isAuthenticated()).toBe(true);
  });
});
