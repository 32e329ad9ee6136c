import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * The QR code of a TOTP secret, from the SVG the server rendered, shown as an image: an `<img>`
 * never runs script, whatever the SVG holds.
 */
@Component({
  selector: 'app-totp-qr',
  template: `<img
    [src]="source()"
    width="200"
    height="200"
    alt="QR code of the authenticator key (the same key is written below)"
  />`,
  styles: `
    img {
      display: block;
      max-width: 100%;
      height: auto;
      background: #fff;
      padding: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpQr {
  readonly svg = input.required<string>();
  protected readonly source = computed(
    () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(this.svg())}`,
  );
}
