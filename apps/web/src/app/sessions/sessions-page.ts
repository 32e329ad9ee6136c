import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TESSERA_CLIENT } from '@tessera/angular';
import { TesseraHttpError, type SessionDto } from '@tessera/client';
import { ConfirmDialog, type ConfirmData } from '../core/confirm-dialog';
import { Notifier } from '../core/notifier';
import { deviceName } from './device-name';

/** A session as the table shows it. */
interface SessionRow extends SessionDto {
  readonly device: string;
  readonly created: string;
  readonly lastUsed: string;
  readonly expires: string;
}

/** Dates in the browser's language, e.g. "29 Nov 2026, 14:05" (`Intl`, no Angular locale data). */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : DATE_TIME.format(time);
}

function toRow(session: SessionDto): SessionRow {
  return {
    ...session,
    device: deviceName(session.user_agent),
    created: formatTime(session.created_at),
    lastUsed: formatTime(session.last_used_at),
    expires: formatTime(session.expires_at),
  };
}

/** The current session first, then the most recently used. */
function byRecentUse(a: SessionDto, b: SessionDto): number {
  if (a.current !== b.current) return a.current ? -1 : 1;
  return Date.parse(b.last_used_at) - Date.parse(a.last_used_at);
}

/** A session that ended meanwhile answers 404: it is gone, which is what was asked. */
function alreadyGone(error: unknown): boolean {
  return error instanceof TesseraHttpError && error.status === 404;
}

/**
 * `/sessions`: where the signed-in user is signed in (`GET /api/auth/sessions`), with an End
 * per session (ending this one signs out here), "End all other sessions" and "Sign out
 * everywhere".
 */
@Component({
  selector: 'app-sessions-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './sessions-page.html',
  styleUrl: './sessions-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsPage {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  protected readonly columns = ['device', 'created', 'last_used', 'expires', 'actions'];
  protected readonly sessions = signal<readonly SessionRow[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly others = computed(() => this.sessions().filter((session) => !session.current));
  private load = 0;

  constructor() {
    // Leaving the page (a logout, a session that ended) closes the dialogs it opened.
    inject(DestroyRef).onDestroy(() => this.dialog.closeAll());
    void this.reload();
  }

  protected async end(session: SessionRow): Promise<void> {
    if (session.current) {
      const confirmed = await this.confirm({
        title: 'End this session',
        message: 'This signs you out on this device.',
        confirm: 'End session',
      });
      if (!confirmed) return;
    }
    await this.run(async () => {
      try {
        await this.client.endSession(session.id);
      } catch (error) {
        if (!alreadyGone(error)) throw error;
      }
      // Ending this session signed out already; the session watcher goes to the login page.
      if (session.current) return;
      this.notifier.info('Session ended');
      await this.reload();
    });
  }

  protected async endOthers(): Promise<void> {
    const others = this.others();
    const count = others.length === 1 ? 'the other session' : `the ${others.length} other sessions`;
    const confirmed = await this.confirm({
      title: 'End all other sessions',
      message: `End ${count}? Those devices will have to log in again. This one stays signed in.`,
      confirm: 'End sessions',
    });
    if (!confirmed) return;
    await this.run(async () => {
      const results = await Promise.allSettled(
        others.map((session) => this.client.endSession(session.id)),
      );
      const failure = results.find(
        (result): result is PromiseRejectedResult =>
          result.status === 'rejected' && !alreadyGone(result.reason),
      );
      await this.reload();
      if (failure !== undefined) throw failure.reason;
      this.notifier.info('Other sessions ended');
    });
  }

  protected async signOutEverywhere(): Promise<void> {
    const confirmed = await this.confirm({
      title: 'Sign out everywhere',
      message: 'End every session, this one included? You will have to log in again everywhere.',
      confirm: 'Sign out everywhere',
    });
    if (!confirmed) return;
    await this.run(async () => {
      await this.client.logoutEverywhere();
      this.notifier.info('Signed out everywhere');
    });
  }

  private async reload(): Promise<void> {
    const load = ++this.load;
    this.loading.set(true);
    try {
      const sessions = await this.client.listSessions();
      if (load !== this.load) return;
      this.sessions.set([...sessions].sort(byRecentUse).map(toRow));
    } catch (error) {
      if (load === this.load) this.notifier.error(error);
    } finally {
      if (load === this.load) this.loading.set(false);
    }
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await task();
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  private confirm(data: ConfirmData): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data });
    return new Promise((resolve) => {
      ref.afterClosed().subscribe((confirmed) => resolve(confirmed === true));
    });
  }
}
