import type { ElementRef } from '@angular/core';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Notifier } from '../core/notifier';

/**
 * Recovery codes, shown this once: copy them, download them as a text file, then "I saved
 * them". Each code signs in once when the authenticator app is not at hand.
 */
@Component({
  selector: 'app-recovery-codes',
  imports: [MatButtonModule],
  template: `
    <section class="codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title" #title tabindex="-1">Save your recovery codes</h3>
      <p>
        Each code signs you in once if you lose your authenticator app. They are shown only now:
        keep them somewhere safe, like a password manager.
      </p>
      <ol>
        @for (code of codes(); track code) {
          <li>
            <code>{{ code }}</code>
          </li>
        }
      </ol>
      <div class="actions">
        <button mat-stroked-button type="button" (click)="copy()">Copy</button>
        <button mat-stroked-button type="button" (click)="download()">Download</button>
        <button mat-flat-button type="button" (click)="done.emit()">I saved them</button>
      </div>
    </section>
  `,
  styleUrl: './recovery-codes.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecoveryCodes {
  readonly codes = input.required<readonly string[]>();
  readonly done = output();
  private readonly notifier = inject(Notifier);
  private readonly title = viewChild.required<ElementRef<HTMLElement>>('title');

  constructor() {
    afterNextRender(() => this.title().nativeElement.focus());
  }

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text());
      this.notifier.info('Recovery codes copied');
    } catch {
      this.notifier.info('Copying is not allowed here: download the codes or write them down');
    }
  }

  protected download(): void {
    const url = URL.createObjectURL(new Blob([this.text()], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'tessera-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  }

  private text(): string {
    return `Tessera recovery codes (each works once)\n\n${this.codes().join('\n')}\n`;
  }
}
