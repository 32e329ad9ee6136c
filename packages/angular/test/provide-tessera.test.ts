// @vitest-environment jsdom
import './support/test-bed.js';
import { TestBed } from '@angular/core/testing';
import { TesseraClient } from '@tessera/client';
import { describe, expect, it } from 'vitest';
import { provideTessera, TESSERA_CLIENT, TESSERA_OPTIONS, TesseraAuth } from '../src/index.js';

describe('provideTessera', () => {
  it('builds the client from its options, with the binding defaults', () => {
    TestBed.configureTestingModule({
      providers: [provideTessera({ baseUrl: 'https://api.example.test', storageType: 'memory' })],
    });
    const client = TestBed.inject(TESSERA_CLIENT);
    expect(client).toBeInstanceOf(TesseraClient);
    expect(client.storageType).toBe('memory');
    expect(client.shouldAttachToken('https://api.example.test/api/users')).toBe(true);
    expect(client.shouldAttachToken('https://elsewhere.example.test/')).toBe(false);
    expect(TestBed.inject(TESSERA_OPTIONS)).toEqual({
      loginPath: '/login',
      homePath: '/',
      meUrl: '/api/auth/me',
    });
  });

  it('uses a client built elsewhere, and the given options', () => {
    const client = new TesseraClient();
    TestBed.configureTestingModule({
      providers: [provideTessera({ client, loginPath: '/sign-in', meUrl: null })],
    });
    expect(TestBed.inject(TESSERA_CLIENT)).toBe(client);
    expect(TestBed.inject(TESSERA_OPTIONS)).toEqual({
      loginPath: '/sign-in',
      homePath: '/',
      meUrl: null,
    });
    expect(TestBed.inject(TesseraAuth)).toBe(TestBed.inject(TesseraAuth));
  });
});
