/**
 * A provider popup for the specs: `window.open` is stubbed to give it. It is "at the provider"
 * (reading its location throws, as cross-origin does) until {@link FakePopup.backTo}.
 */
export class FakePopup {
  closed = false;
  private page: string | null = null;
  readonly visited: string[] = [];

  constructor(url: string) {
    this.visited.push(url);
    if (url === 'about:blank') this.page = url;
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

  /** The provider sends the popup back to this app's callback page with `fragment`. */
  backTo(fragment: string): void {
    this.page = `${location.origin}/oidc/callback${fragment}`;
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * A `window.open` that gives {@link FakePopup}s (kept in `popups`); a spec installs it with
 * `vi.stubGlobal('open', opener.open)` and undoes it with `vi.unstubAllGlobals()`.
 */
export function popupOpener(): { popups: FakePopup[]; open: (url: string) => FakePopup } {
  const popups: FakePopup[] = [];
  const open = (url: string): FakePopup => {
    const popup = new FakePopup(url);
    popups.push(popup);
    return popup;
  };
  return { popups, open };
}
