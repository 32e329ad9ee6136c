import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TESSERA_CLIENT } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { email, required } from '../core/validators';
import { SetupApi } from './setup-api';

type SetupState = 'checking' | 'open' | 'done' | 'unreachable';

/** `/setup?token=…`: creates the first admin with the one-time token the server printed. */
@Component({
  selector: 'app-setup',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './setup.html',
  styleUrl: './setup.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Setup {
  /** The `token` query parameter of the setup link. */
  readonly token = input<string>();
  private readonly api = inject(SetupApi);
  private readonly client = inject(TESSERA_CLIENT);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly state = signal<SetupState>('checking');
  protected readonly busy = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
    name: ['', [required, Validators.maxLength(200)]],
    password: ['', [required, Validators.minLength(8)]],
  });

  constructor() {
    this.api
      .status()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: () => this.state.set('open'),
        error: (error: unknown) => {
          const done = error instanceof HttpErrorResponse && error.status === 404;
          this.state.set(done ? 'done' : 'unreachable');
          if (!done) this.notifier.error(error);
        },
      });
  }

  protected submit(): void {
    const token = this.token() ?? '';
    if (this.form.invalid || token === '') {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.api.createAdmin({ token, ...this.form.getRawValue() }).subscribe({
      next: (response) => {
        this.client.setToken(response);
        this.notifier.info('Admin account created');
        void this.router.navigateByUrl('/');
      },
      error: (error: unknown) => {
        this.busy.set(false);
        if (error instanceof HttpErrorResponse && error.status === 404) this.state.set('done');
        this.notifier.error(error);
      },
    });
  }
}
