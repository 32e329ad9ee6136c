// A fake page window for the provider flows under Node: `open` records the popups it gives (or
// null, as a popup blocker does), `location.assign` records where the page went.
import { vi } from 'vitest';

export const APP = 'https://app.example.com';

/** A popup: at the provider (reading its location throws, as cross-origin does) or on a page. */
export class FakePopup {
  closed = false;
  /** Where the popup is; `null` while it is at the provider (cross-origin). */
  page: string | null;
  readonly visited: string[] = [];

  constructor(url: string) {
    this.page = url === 'about:blank' ? url : null;
    this.visited.push(url);
  }

  get location(): { href: string } {
    const read = (): string => {
      if (this.page === null) throw new Error('SecurityError: cross-origin');
      return this.page;
    };
    const go = (url: string): void => {
      this.visited.push(url);
      this.page = null;
    };
    return {
      get href(): string {
        return read();
      },
      set href(url: string) {
        go(url);
      },
    };
  }

  /** The provider sends the popup back to the app's callback page with this fragment. */
  backTo(fragment: string, path = '/oidc/callback'): void {
    this.page = `${APP}${path}${fragment}`;
  }

  close(): void {
    this.closed = true;
  }
}

/** Stubs `open` and `location`; `blocked` makes `open` answer null. */
export function fakeBrowser({ blocked = false, hash = '' } = {}) {
  const popups: FakePopup[] = [];
  const assigned: string[] = [];
  const open = vi.fn((url: string) => {
    if (blocked) return null;
    const popup = new FakePopup(url);
    popups.push(popup);
    return popup;
  });
  vi.stubGlobal('open', open);
  vi.stubGlobal('location', {
    href: `${APP}/login${hash}`,
    hash,
    assign: (url: string) => assigned.push(url),
  });
  return { open, popups, assigned };
}
