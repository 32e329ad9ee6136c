import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { buttonNamed, settle, typeInto } from '../testing/dom';
import { sessionToken } from '../testing/fake-api';
import { UserDialog, type UserDialogData } from './user-dialog';
import { UsersTable } from './users-table';

const BASE = {
  name: 'Bob',
  is_enabled: true,
  role: 'user',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const INVITED = {
  ...BASE,
  id: 2,
  email: 'bob@example.com',
  is_email_verified: false,
  pending_invitation: true,
};
const UNVERIFIED = {
  ...BASE,
  id: 3,
  email: 'eve@example.com',
  is_email_verified: false,
  pending_invitation: false,
};
const VERIFIED = {
  ...BASE,
  id: 4,
  email: 'ann@example.com',
  is_email_verified: true,
  pending_invitation: false,
};

const notifier = { info: vi.fn(), error: vi.fn() };

function providers(extra: unknown[] = []) {
  const client = new TesseraClient({ fetch: () => Promise.reject(new Error('offline')) });
  client.setToken(sessionToken());
  return [
    provideRouter([]),
    provideHttpClient(),
    provideHttpClientTesting(),
    provideTessera({ client, meUrl: null }),
    { provide: Notifier, useValue: notifier },
    ...extra,
  ];
}

describe('UserDialog: inviting', () => {
  it('creates a user without a password: the button says Invite, no password is sent', async () => {
    const close = vi.fn();
    const data: UserDialogData = { user: null, canManage: true, isSelf: false };
    TestBed.configureTestingModule({
      providers: providers([
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ]),
    });
    const fixture = TestBed.createComponent(UserDialog);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.textContent).toContain('Leave empty to email an invitation');
    typeInto(element, 'Email', 'bob@example.com');
    typeInto(element, 'Name', 'Bob');
    await settle(fixture);
    buttonNamed(element, 'Invite').click();
    const request = TestBed.inject(HttpTestingController).expectOne('/api/users');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'bob@example.com',
      name: 'Bob',
      role: 'user',
      is_enabled: true,
    });
    request.flush(INVITED);
    expect(close).toHaveBeenCalledWith({
      user: INVITED,
      changesSession: false,
      pendingEmail: null,
    });
  });
});

describe('UsersTable: invitations', () => {
  it('marks pending and unverified users, and resends an invitation', async () => {
    TestBed.configureTestingModule({ providers: providers() });
    const fixture = TestBed.createComponent(UsersTable);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    await vi.waitFor(() => {
      TestBed.tick();
      http
        .expectOne((request) => request.url === '/api/users')
        .flush({ users: [INVITED, UNVERIFIED, VERIFIED], total: 3, page: 1, per_page: 20 });
    });
    await settle(fixture);
    const element = fixture.nativeElement as HTMLElement;
    const cells = [...element.querySelectorAll('td.mat-column-status')].map((cell) =>
      cell.textContent?.trim(),
    );
    expect(cells).toEqual(['Invitation pending', 'Email not verified', 'Active']);
    element.querySelector<HTMLElement>('[aria-label="More actions for bob@example.com"]')?.click();
    await settle(fixture);
    const items = () =>
      [...document.querySelectorAll<HTMLElement>('[mat-menu-item]')].map((item) =>
        item.textContent?.trim(),
      );
    await vi.waitFor(() =>
      expect(items()).toEqual([
        'Resend invitation',
        'Revoke invitation',
        'Remove authenticator app',
      ]),
    );
    buttonNamed(document.body, 'Resend invitation').click();
    const resend = http.expectOne('/api/users/2/invitation');
    expect(resend.request.method).toBe('POST');
    resend.flush(null, { status: 202, statusText: 'Accepted' });
    expect(notifier.info).toHaveBeenCalledWith('New invitation sent to bob@example.com');
  });
});
