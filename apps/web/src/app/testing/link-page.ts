import { Component, type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { fakeApi, type ApiCall } from './fake-api';

/** A {@link Notifier} that keeps what it was asked to show. */
export class RecordingNotifier {
  readonly infos: string[] = [];
  readonly errors: unknown[] = [];
  info(message: string): void {
    this.infos.push(message);
  }
  error(error: unknown): void {
    this.errors.push(error);
  }
}

@Component({ template: 'home' })
class Home {}

/**
 * Opens `url` (a mailed link, token in the fragment) on a router whose `path` shows `page`,
 * with a client on a fake API answering `routes`.
 */
export async function openLinkPage<T>(
  page: Type<T>,
  path: string,
  url: string,
  routes: Record<string, (call: ApiCall) => Response>,
) {
  const api = fakeApi(routes);
  const client = new TesseraClient({ fetch: api.fetch });
  const notifier = new RecordingNotifier();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([
        { path, component: page },
        { path: '**', component: Home },
      ]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const harness = await RouterTestingHarness.create();
  const component = await harness.navigateByUrl(url, page);
  const router = TestBed.inject(Router);
  return {
    api,
    client,
    notifier,
    harness,
    component,
    router,
    fixture: harness.fixture,
    element: harness.routeNativeElement as HTMLElement,
  };
}
