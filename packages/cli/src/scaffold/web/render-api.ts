import { namesOf, type ResourceNames } from '../names.js';
import type { ResourceSpec } from '../spec.js';
import {
  capitalized,
  enumConstOf,
  enumTypeOf,
  quote,
  type RefTarget,
  type WebField,
} from './web-fields.js';

const WIRE_NOTES: Partial<Record<string, string>> = {
  decimal: '/** A decimal as a string: `"12.50"`. */',
  date: '/** `YYYY-MM-DD`. */',
  datetime: '/** An ISO 8601 instant. */',
};

function nullable(field: WebField): string {
  return field.spec.optional ? `${field.tsType} | null` : field.tsType;
}

function dtoFields(fields: readonly WebField[], owned: boolean): string {
  const rows = ['  readonly id: number;'];
  for (const field of fields) {
    const note = WIRE_NOTES[field.spec.type];
    if (note !== undefined) rows.push(`  ${note}`);
    rows.push(`  readonly ${field.column}: ${nullable(field)};`);
  }
  if (owned) rows.push('  /** The user who created it. */', '  readonly owner_id: number;');
  rows.push('  readonly created_at: string;', '  readonly updated_at: string;');
  return rows.join('\n');
}

function enumTypes(names: ResourceNames, fields: readonly WebField[]): string {
  return fields
    .filter((field) => field.spec.type === 'enum')
    .map((field) => {
      const values = (field.spec.values ?? []).map(quote).join(', ');
      const constant = enumConstOf(names, field.spec);
      return `/** The values of a ${names.label}'s ${field.label.toLowerCase()}, in order. */
export const ${constant} = [${values}] as const;

export type ${enumTypeOf(names, field.spec)} = (typeof ${constant})[number];
`;
    })
    .join('\n');
}

/** The lookup methods of one ref field: options matching a search, and one record's label. */
function refMethods(field: WebField, ref: RefTarget): string {
  const target = ref.names;
  const fallback = `\`${capitalized(target.label)} #\${id}\``;
  if (ref.target === 'users') {
    return `
  /**
   * Users to pick as the ${field.label.toLowerCase()}: the first ten matching \`q\`; only the signed-in user (when
   * \`q\` matches them) for someone who may not list users.
   */
  ${ref.method}Options(q: string): Observable<RefOption[]> {
    return this.http.get<UsersPage>('/api/users', { params: pickerParams(q) }).pipe(
      map((page) => page.users.map(userOption)),
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 403) {
          return throwError(() => error);
        }
        return this.http
          .get<UserDto>('/api/auth/me')
          .pipe(map((user) => (matches(user, q) ? [userOption(user)] : [])));
      }),
    );
  }

  /** The ${field.label.toLowerCase()} with its label (${fallback} when it is not readable). */
  ${ref.method}Option(id: number): Observable<RefOption> {
    return this.http.get<UserDto>(\`/api/users/\${id}\`).pipe(
      map(userOption),
      catchError(() => of({ id, label: ${fallback} })),
    );
  }
`;
  }
  const record = `{ readonly id: number${ref.labelColumn === null ? '' : `; readonly ${ref.labelColumn}: string | null`} }`;
  const label =
    ref.labelColumn === null
      ? `\`${capitalized(target.label)} #\${entry.id}\``
      : `entry.${ref.labelColumn} ?? \`${capitalized(target.label)} #\${entry.id}\``;
  return `
  /** ${capitalized(target.plural.replaceAll('_', ' '))} to pick as the ${field.label.toLowerCase()}: the first ten matching \`q\`. */
  ${ref.method}Options(q: string): Observable<RefOption[]> {
    return this.http
      .get<{ readonly ${target.plural}: readonly ${record}[] }>('/api/${target.plural}', {
        params: pickerParams(q),
      })
      .pipe(map((page) => page.${target.plural}.map((entry) => ({ id: entry.id, label: ${label} }))));
  }

  /** The ${field.label.toLowerCase()} with its label (${fallback} when it is not readable). */
  ${ref.method}Option(id: number): Observable<RefOption> {
    return this.http.get<${record}>(\`/api/${target.plural}/\${id}\`).pipe(
      map((entry) => ({ id: entry.id, label: ${label} })),
      catchError(() => of({ id, label: ${fallback} })),
    );
  }
`;
}

/** `${k}-api.ts`: the record, its DTOs and the service calling `/api/<name>`. */
export function renderApi(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const refs = fields.filter((field) => field.ref !== undefined);
  const toUsers = refs.some((field) => field.ref?.target === 'users');
  const sortable = ['id', ...fields.map((field) => field.column), 'created_at', 'updated_at'];
  const rxjs = refs.length > 0 ? 'catchError, map, of, type Observable' : 'type Observable';
  const httpImports = toUsers
    ? 'HttpClient, HttpErrorResponse, HttpParams'
    : 'HttpClient, HttpParams';
  const rxjsImports = toUsers ? 'catchError, map, of, throwError, type Observable' : rxjs;
  const newFields = fields.map((field) => `  readonly ${field.column}: ${nullable(field)};`);
  return `import { ${httpImports} } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
${toUsers ? "import type { UserDto, UsersPage } from '@tessera/protocol';\n" : ''}import { ${rxjsImports} } from 'rxjs';

${enumTypes(n, fields)}
/** A ${n.label} as the API returns it. */
export interface ${n.pascalSingular}Dto {
${dtoFields(fields, spec.owned)}
}

/** \`POST /api/${n.plural}\`; \`PATCH /api/${n.plural}/:id\` takes any part of it. */
export interface New${n.pascalSingular} {
${newFields.join('\n')}
}

/** \`GET /api/${n.plural}\`: one page of ${n.label === n.plural ? n.label : n.plural.replaceAll('_', ' ')}. */
export interface ${n.pascalPlural}Page {
  readonly ${n.plural}: readonly ${n.pascalSingular}Dto[];
  readonly total: number;
  readonly page: number;
  readonly per_page: number;
}

/** Columns \`GET /api/${n.plural}\` sorts by. */
export type ${n.pascalSingular}SortField = ${sortable.map(quote).join(' | ')};

/** One page request of the ${n.plural.replaceAll('_', ' ')} list. */
export interface ${n.pascalSingular}Query {
  readonly q: string;
  readonly sort: ${n.pascalSingular}SortField;
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly perPage: number;
}
${
  refs.length > 0
    ? `
/** A record to pick for a reference: its id and the text shown for it. */
export interface RefOption {
  readonly id: number;
  readonly label: string;
}
`
    : ''
}
/** The ${n.plural.replaceAll('_', ' ')} resource of the API. */
@Injectable({ providedIn: 'root' })
export class ${n.pascalPlural}Api {
  private readonly http = inject(HttpClient);

  list(query: ${n.pascalSingular}Query): Observable<${n.pascalPlural}Page> {
    let params = new HttpParams()
      .set('page', query.page)
      .set('per_page', query.perPage)
      .set('sort', query.sort)
      .set('order', query.order);
    if (query.q !== '') params = params.set('q', query.q);
    return this.http.get<${n.pascalPlural}Page>('/api/${n.plural}', { params });
  }

  get(id: number): Observable<${n.pascalSingular}Dto> {
    return this.http.get<${n.pascalSingular}Dto>(\`/api/${n.plural}/\${id}\`);
  }

  create(${n.camelSingular}: New${n.pascalSingular}): Observable<${n.pascalSingular}Dto> {
    return this.http.post<${n.pascalSingular}Dto>('/api/${n.plural}', ${n.camelSingular});
  }

  update(id: number, changes: Partial<New${n.pascalSingular}>): Observable<${n.pascalSingular}Dto> {
    return this.http.patch<${n.pascalSingular}Dto>(\`/api/${n.plural}/\${id}\`, changes);
  }

  remove(id: number): Observable<void> {
    return this.http.delete<void>(\`/api/${n.plural}/\${id}\`);
  }
${refs.map((field) => refMethods(field, field.ref!)).join('')}}
${refs.length > 0 ? PICKER_HELPERS : ''}${toUsers ? USER_HELPERS : ''}`;
}

const PICKER_HELPERS = `
/** A picker's search: the first ten records matching \`q\`. */
function pickerParams(q: string): HttpParams {
  const params = new HttpParams().set('per_page', 10);
  return q === '' ? params : params.set('q', q);
}
`;

const USER_HELPERS = `
function userOption(user: UserDto): RefOption {
  return { id: user.id, label: user.email };
}

function matches(user: UserDto, q: string): boolean {
  const text = q.toLowerCase();
  return user.email.toLowerCase().includes(text) || user.name.toLowerCase().includes(text);
}
`;
