import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { UserDto, UsersPage } from '@tessera/protocol';

/** A role: `admin`, `user`, or one the server's application added. */
type Role = UserDto['role'];
import type { Observable } from 'rxjs';

/** Columns `GET /api/users` sorts by. */
export type UserSortField = 'id' | 'email' | 'name' | 'role' | 'is_enabled';

/** One page request of the users list. */
export interface UserQuery {
  readonly q: string;
  readonly sort: UserSortField;
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly perPage: number;
}

/** `POST /api/users`; without a password, the server mails an invitation to set one. */
export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly password?: string;
  readonly role: Role;
  readonly is_enabled: boolean;
}

/** `PATCH /api/users/:id`: only the fields that change. */
export interface UserChanges {
  email?: string;
  name?: string;
  password?: string;
  role?: Role;
  is_enabled?: boolean;
  current_password?: string;
}

/** The users resource of the API. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserQuery): Observable<UsersPage> {
    let params = new HttpParams()
      .set('page', query.page)
      .set('per_page', query.perPage)
      .set('sort', query.sort)
      .set('order', query.order);
    if (query.q !== '') params = params.set('q', query.q);
    return this.http.get<UsersPage>('/api/users', { params });
  }

  me(): Observable<UserDto> {
    return this.http.get<UserDto>('/api/auth/me');
  }

  create(user: NewUser): Observable<UserDto> {
    return this.http.post<UserDto>('/api/users', user);
  }

  update(id: number, changes: UserChanges): Observable<UserDto> {
    return this.http.patch<UserDto>(`/api/users/${id}`, changes);
  }

  remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/users/${id}`);
  }

  /** Mails a new invitation link (the older one stops working). */
  resendInvitation(id: number): Observable<void> {
    return this.http.post<void>(`/api/users/${id}/invitation`, {});
  }

  /** Removes a user's authenticator app and recovery codes (they lost both); their sessions end. */
  removeSecondFactor(id: number): Observable<void> {
    return this.http.delete<void>(`/api/users/${id}/mfa`);
  }

  /** Withdraws the invitation: its link stops working. */
  revokeInvitation(id: number): Observable<void> {
    return this.http.delete<void>(`/api/users/${id}/invitation`);
  }
}
