import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { TokenResponse } from '@tessera/protocol';
import type { Observable } from 'rxjs';

/** `POST /api/setup`. */
export interface SetupRequest {
  readonly token: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/** First-run setup: open while the database has no user. */
@Injectable({ providedIn: 'root' })
export class SetupApi {
  private readonly http = inject(HttpClient);

  /** 200 while setup is open, 404 for good once a user exists. */
  status(): Observable<{ setup_required: boolean }> {
    return this.http.get<{ setup_required: boolean }>('/api/setup');
  }

  /** Creates the first admin; answers 201 with a token response. */
  createAdmin(request: SetupRequest): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/api/setup', request);
  }
}
