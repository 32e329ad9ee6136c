import { namesOf } from '../names.js';
import type { ResourceSpec } from '../spec.js';
import { capitalized, labelColumnOf, quote, type WebField } from './web-fields.js';

/** The field types `q` searches (the server's text columns). */
const SEARCHED = new Set(['string', 'text', 'email', 'url']);

/** The fields `q` searches, as the search box's hint names them. */
export function searchedFields(fields: readonly WebField[]): WebField[] {
  return fields.filter((field) => SEARCHED.has(field.spec.type));
}

function cell(field: WebField): string {
  const value = `record.${field.column}`;
  const optional = field.spec.optional;
  switch (field.spec.type) {
    case 'boolean':
      return optional
        ? `{{ ${value} === null ? '—' : ${value} ? 'Yes' : 'No' }}`
        : `{{ ${value} ? 'Yes' : 'No' }}`;
    case 'datetime':
      return optional
        ? `{{ (${value} | date: 'medium') ?? '—' }}`
        : `{{ ${value} | date: 'medium' }}`;
    case 'ref':
      return `{{ refLabel('${field.spec.name}', ${value}) }}`;
    default:
      return optional ? `{{ ${value} ?? '—' }}` : `{{ ${value} }}`;
  }
}

function column(field: WebField): string {
  const classes = field.spec.type === 'text' ? ' class="long"' : '';
  return `    <ng-container matColumnDef="${field.column}">
      <th mat-header-cell *matHeaderCellDef mat-sort-header>${field.label}</th>
      <td mat-cell *matCellDef="let record"${classes}>${cell(field)}</td>
    </ng-container>`;
}

/** `${k}-list.html`. */
export function renderListHtml(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const searched = searchedFields(fields);
  const words = n.plural.replaceAll('_', ' ');
  const search =
    searched.length === 0
      ? ''
      : `<mat-form-field class="search" appearance="outline">
  <mat-label>Search</mat-label>
  <input matInput type="search" [formControl]="search" autocomplete="off" />
  <mat-hint>${searched.map((field, index) => (index === 0 ? field.label : field.label.toLowerCase())).join(' or ')}</mat-hint>
</mat-form-field>
`;
  return `<div class="head">
  <h1>${n.title}</h1>
  @if (canWrite()) {
  <a mat-flat-button routerLink="/${n.kebabPlural}/new">Add ${n.label}</a>
  }
</div>
${search}<div class="table-scroll" role="region" aria-label="${capitalized(words)} table" tabindex="0">
  @if (loading()) {
  <mat-progress-bar mode="indeterminate" aria-label="Loading ${words}" />
  }
  <table
    mat-table
    [dataSource]="records()"
    matSort
    matSortActive="id"
    matSortDirection="asc"
    matSortDisableClear
    (matSortChange)="sortBy($event)"
    aria-label="${n.title}"
  >
    <ng-container matColumnDef="id">
      <th mat-header-cell *matHeaderCellDef mat-sort-header>ID</th>
      <td mat-cell *matCellDef="let record">{{ record.id }}</td>
    </ng-container>
${fields.map(column).join('\n')}
    <ng-container matColumnDef="actions">
      <th mat-header-cell *matHeaderCellDef>Actions</th>
      <td mat-cell *matCellDef="let record" class="actions">
        <a
          mat-button
          [routerLink]="['/${n.kebabPlural}', record.id]"
          [attr.aria-label]="'Edit ' + name(record)"
        >
          Edit
        </a>
        <button
          mat-button
          type="button"
          [attr.aria-label]="'Delete ' + name(record)"
          (click)="remove(record)"
        >
          Delete
        </button>
      </td>
    </ng-container>
    <tr mat-header-row *matHeaderRowDef="columns()"></tr>
    <tr mat-row *matRowDef="let record; columns: columns()"></tr>
    <tr class="mat-mdc-row" *matNoDataRow>
      <td class="mat-mdc-cell empty" [attr.colspan]="columns().length">
        {{ loading() ? 'Loading…' : 'No ${words} found' }}
      </td>
    </tr>
  </table>
</div>
<mat-paginator
  [length]="total()"
  [pageIndex]="pageIndex()"
  [pageSize]="pageSize()"
  [pageSizeOptions]="pageSizes"
  (page)="changePage($event)"
  aria-label="Select page of ${words}"
/>
`;
}

/** `${k}-list.scss`. */
export function renderListScss(fields: readonly WebField[]): string {
  const long = fields.some((field) => field.spec.type === 'text')
    ? `
/* Long text: one line, cut with an ellipsis (the form shows all of it). */
.long {
  max-width: 20rem;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
`
    : '';
  return `.head {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.5rem;
  margin-bottom: 1rem;
}

h1 {
  margin: 0;
  font: var(--mat-sys-headline-small);
}

.search {
  width: min(24rem, 100%);
  margin-bottom: 1rem;
}

.table-scroll {
  overflow-x: auto;
  border: 1px solid var(--mat-sys-outline-variant);
  border-radius: 4px;
}

.table-scroll:focus-visible {
  outline: 2px solid var(--mat-sys-primary);
}

table {
  width: 100%;
  min-width: ${Math.min(60, 16 + fields.length * 8)}rem;
}

.actions {
  white-space: nowrap;
}

.empty {
  padding: 1rem;
  text-align: center;
}
${long}`;
}

function refLabelMethods(spec: ResourceSpec, refs: readonly WebField[]): string {
  if (refs.length === 0) return '';
  const n = namesOf(spec.name);
  const wants = refs
    .map((field) => {
      const key = `\`${field.spec.name}:\${record.${field.column}}\``;
      const want = `if (!known.has(${key})) wanted[${key}] = this.api.${field.ref!.method}Option(record.${field.column});`;
      return field.spec.optional
        ? `      if (record.${field.column} !== null) {\n        ${want}\n      }`
        : `      ${want}`;
    })
    .join('\n');
  return `
  /** The label of a referenced record (\`#7\` until it is loaded), \`—\` for none. */
  protected refLabel(field: string, id: number | null): string {
    if (id === null) return '—';
    return this.refLabels().get(\`\${field}:\${id}\`) ?? \`#\${id}\`;
  }

  /** Loads the labels of the records this page refers to that are not known yet. */
  private loadRefLabels(records: readonly ${n.pascalSingular}Dto[]): void {
    const known = this.refLabels();
    const wanted: Record<string, Observable<RefOption>> = {};
    for (const record of records) {
${wants}
    }
    if (Object.keys(wanted).length === 0) return;
    forkJoin(wanted)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((found) => {
        const labels = new Map(this.refLabels());
        for (const [key, option] of Object.entries(found)) labels.set(key, option.label);
        this.refLabels.set(labels);
      });
  }
`;
}

/** `${k}-list.ts`. */
export function renderListTs(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const refs = fields.filter((field) => field.ref !== undefined);
  const hasSearch = searchedFields(fields).length > 0;
  const hasDatetime = fields.some((field) => field.spec.type === 'datetime');
  const labelColumn = labelColumnOf(spec);
  const columns = ['id', ...fields.map((field) => field.column)];
  const sortable = [...columns, 'created_at', 'updated_at'];
  const rxjs = [
    'catchError',
    ...(hasSearch ? ['debounceTime', 'distinctUntilChanged'] : []),
    'filter',
    ...(refs.length > 0 ? ['forkJoin'] : []),
    ...(hasSearch ? ['map'] : []),
    'of',
    'switchMap',
    ...(refs.length > 0 ? ['type Observable'] : []),
  ];
  const apiTypes = [
    `${n.pascalPlural}Api`,
    `type ${n.pascalSingular}Dto`,
    `type ${n.pascalSingular}Query`,
    `type ${n.pascalSingular}SortField`,
    ...(refs.length > 0 ? ['type RefOption'] : []),
  ];
  const nameBody =
    labelColumn === null
      ? `return \`${n.label} \${record.id}\`;`
      : spec.fields.find((field) => field.name === labelColumn)?.optional
        ? `return record.${labelColumn} === null\n      ? \`${n.label} \${record.id}\`\n      : \`${n.label} \${record.id} (\${record.${labelColumn}})\`;`
        : `return \`${n.label} \${record.id} (\${record.${labelColumn}})\`;`;
  const searchSetup = hasSearch
    ? `    this.search.valueChanges
      .pipe(
        debounceTime(300),
        map((text) => text.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.query.update((query) => ({ ...query, q, page: 1 })));
`
    : '';
  return `import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
${hasDatetime ? "import { DatePipe } from '@angular/common';\n" : ''}import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
${hasSearch ? "import { FormControl, ReactiveFormsModule } from '@angular/forms';\n" : ''}import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
${hasSearch ? "import { MatFormFieldModule } from '@angular/material/form-field';\nimport { MatInputModule } from '@angular/material/input';\n" : ''}import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { ${rxjs.join(', ')} } from 'rxjs';
import { ConfirmDialog, type ConfirmData } from '../../core/confirm-dialog';
import { Notifier } from '../../core/notifier';
import { ${apiTypes.join(', ')} } from './${n.kebabPlural}-api';

const COLUMNS: readonly string[] = [${columns.map(quote).join(', ')}];
const SORTABLE: readonly string[] = [${sortable.map(quote).join(', ')}];

/**
 * \`/${n.kebabPlural}\`: the ${n.plural.replaceAll('_', ' ')} list, with search, sort and pages served by the API; Add, Edit and
 * Delete for a user holding \`${n.plural}:write\`.
 */
@Component({
  selector: 'app-${n.kebabPlural}-list',
  imports: [
    ${[
      ...(hasDatetime ? ['DatePipe'] : []),
      ...(hasSearch ? ['ReactiveFormsModule'] : []),
      'RouterLink',
      'MatButtonModule',
      ...(hasSearch ? ['MatFormFieldModule', 'MatInputModule'] : []),
      'MatPaginatorModule',
      'MatProgressBarModule',
      'MatSortModule',
      'MatTableModule',
    ].join(',\n    ')},
  ],
  templateUrl: './${n.kebabPlural}-list.html',
  styleUrl: './${n.kebabPlural}-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ${n.pascalPlural}List {
  private readonly api = inject(${n.pascalPlural}Api);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly auth = inject(TesseraAuth);
  private readonly destroyRef = inject(DestroyRef);
  /** Add, Edit and Delete are shown only with the write scope (no control that always fails). */
  protected readonly canWrite = computed(() => this.auth.scopes().includes('${n.plural}:write'));
  protected readonly columns = computed(() =>
    this.canWrite() ? [...COLUMNS, 'actions'] : [...COLUMNS],
  );
  protected readonly pageSizes = [10, 20, 50, 100];
${hasSearch ? "  protected readonly search = new FormControl('', { nonNullable: true });\n" : ''}  private readonly query = signal<${n.pascalSingular}Query>({
    q: '',
    sort: 'id',
    order: 'asc',
    page: 1,
    perPage: 20,
  });
  private readonly reloads = signal(0);
  protected readonly records = signal<readonly ${n.pascalSingular}Dto[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(true);
  protected readonly pageIndex = computed(() => this.query().page - 1);
  protected readonly pageSize = computed(() => this.query().perPage);
${refs.length > 0 ? '  private readonly refLabels = signal<ReadonlyMap<string, string>>(new Map());\n' : ''}
  constructor() {
    // Leaving the page (a logout, a session that ended) closes the dialogs it opened.
    this.destroyRef.onDestroy(() => this.dialog.closeAll());
${searchSetup}    toObservable(computed(() => ({ query: this.query(), reload: this.reloads() })))
      .pipe(
        switchMap(({ query }) => {
          this.loading.set(true);
          return this.api.list(query).pipe(
            catchError((error: unknown) => {
              this.notifier.error(error);
              return of(null);
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (page === null) return;
        if (page.${n.plural}.length === 0 && page.page > 1) {
          this.query.update((query) => ({ ...query, page: query.page - 1 }));
          return;
        }
        this.records.set(page.${n.plural});
        this.total.set(page.total);
${refs.length > 0 ? `        this.loadRefLabels(page.${n.plural});\n` : ''}      });
  }

  /** How a row is named in its buttons' labels and the delete question. */
  protected name(record: ${n.pascalSingular}Dto): string {
    ${nameBody}
  }

  protected sortBy(sort: Sort): void {
    const active = SORTABLE.includes(sort.active) && sort.direction !== '';
    this.query.update((query) => ({
      ...query,
      sort: active ? (sort.active as ${n.pascalSingular}SortField) : 'id',
      order: active ? (sort.direction as 'asc' | 'desc') : 'asc',
      page: 1,
    }));
  }

  protected changePage(event: PageEvent): void {
    this.query.update((query) => ({
      ...query,
      page: event.pageIndex + 1,
      perPage: event.pageSize,
    }));
  }

  protected remove(record: ${n.pascalSingular}Dto): void {
    const data: ConfirmData = {
      title: 'Delete ${n.label}',
      message: \`Delete \${this.name(record)}? This cannot be undone.\`,
      confirm: 'Delete',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.api.remove(record.id)),
      )
      .subscribe({
        next: () => {
          this.notifier.info('${capitalized(n.label)} deleted');
          this.reloads.update((count) => count + 1);
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }
${refLabelMethods(spec, refs)}}
`;
}
