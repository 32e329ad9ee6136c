import { namesOf } from '../names.js';
import type { ResourceSpec } from '../spec.js';
import { capitalized, enumTypeOf, labelOf, type WebField } from './web-fields.js';

/** `published_on` → `publishedOn`: template references and signals. */
function camelOf(name: string): string {
  return namesOf(name).camelPlural;
}

/** The form control of a field: the ref's picked option under the field's own name. */
function controlOf(field: WebField): string {
  return field.spec.type === 'ref' ? field.spec.name : field.column;
}

function errors(field: WebField, checks: readonly (readonly [string, string])[]): string {
  const control = `form.controls.${controlOf(field)}`;
  const all: (readonly [string, string])[] = [
    ...(field.spec.optional ? [] : [['required', `${field.label} is required`] as const]),
    ...checks,
  ];
  return all
    .map(
      ([key, text], index) =>
        `${index === 0 ? '  @if' : '  } @else if'} (${control}.hasError('${key}')) {\n  <mat-error>${text}</mat-error>`,
    )
    .join('\n')
    .concat(all.length > 0 ? '\n  }' : '');
}

function formField(field: WebField, inner: string, checks: readonly (readonly [string, string])[]) {
  return `<mat-form-field appearance="outline">
  <mat-label>${field.label}</mat-label>
${inner}
${errors(field, checks)}
</mat-form-field>`;
}

function fieldHtml(field: WebField): string {
  const name = controlOf(field);
  const req = field.spec.optional ? '' : ' required';
  const ref = camelOf(field.spec.name);
  switch (field.spec.type) {
    case 'string':
      return formField(
        field,
        `  <input matInput formControlName="${name}" maxlength="255" autocomplete="off"${req} />`,
        [['maxlength', `${field.label} is at most 255 characters`]],
      );
    case 'email':
      return formField(
        field,
        `  <input matInput formControlName="${name}" type="email" maxlength="255" autocomplete="off"${req} />`,
        [
          ['email', 'Enter a valid email address'],
          ['maxlength', `${field.label} is at most 255 characters`],
        ],
      );
    case 'url':
      return formField(
        field,
        `  <input matInput formControlName="${name}" type="url" maxlength="255" autocomplete="off"${req} />`,
        [
          ['pattern', 'Enter an address that starts with http:// or https://'],
          ['maxlength', `${field.label} is at most 255 characters`],
        ],
      );
    case 'text':
      return formField(
        field,
        `  <textarea matInput formControlName="${name}" rows="4"${req}></textarea>`,
        [],
      );
    case 'integer':
      return formField(
        field,
        `  <input matInput formControlName="${name}" type="number" step="1" inputmode="numeric"${req} />`,
        [
          ['integer', 'Enter a whole number'],
          ['min', 'Enter a number from -2147483648'],
          ['max', 'Enter a number up to 2147483647'],
        ],
      );
    case 'decimal':
      return formField(
        field,
        `  <input matInput formControlName="${name}" inputmode="decimal" autocomplete="off"${req} />\n  <mat-hint>A number such as 12.50</mat-hint>`,
        [['pattern', 'Enter a number with at most 13 digits and 2 decimals']],
      );
    case 'boolean':
      return `<mat-checkbox formControlName="${name}">${field.label}</mat-checkbox>`;
    case 'date':
      return formField(
        field,
        `  <input matInput formControlName="${name}" [matDatepicker]="${ref}Picker"${req} />
  <mat-datepicker-toggle matIconSuffix [for]="${ref}Picker" />
  <mat-datepicker #${ref}Picker />`,
        [['matDatepickerParse', 'Enter a valid date']],
      );
    case 'datetime':
      return formField(
        field,
        `  <input matInput formControlName="${name}" type="datetime-local"${req} />`,
        [],
      );
    case 'enum': {
      const none = field.spec.optional ? '\n    <mat-option [value]="null">None</mat-option>' : '';
      const options = (field.spec.values ?? [])
        .map((value) => `\n    <mat-option value="${value}">${labelOf(value)}</mat-option>`)
        .join('');
      return formField(
        field,
        `  <mat-select formControlName="${name}"${req}>${none}${options}\n  </mat-select>`,
        [],
      );
    }
    case 'ref': {
      const target = field.ref!.names;
      return formField(
        field,
        `  <input
    matInput
    formControlName="${name}"
    [matAutocomplete]="${ref}Picker"
    autocomplete="off"${req}
  />
  <mat-autocomplete #${ref}Picker="matAutocomplete" [displayWith]="optionLabel">
    @for (option of ${ref}Options(); track option.id) {
    <mat-option [value]="option">{{ option.label }}</mat-option>
    }
  </mat-autocomplete>
  <mat-hint>Type to search ${target.plural.replaceAll('_', ' ')}</mat-hint>`,
        [['picked', `Pick a ${target.label} from the list`]],
      );
    }
  }
}

/** `${k}-form.html`. */
export function renderFormHtml(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  return `<h1>{{ creating() ? 'New ${n.label}' : 'Edit ${n.label}' }}</h1>
@if (loading()) {
<mat-progress-bar mode="indeterminate" aria-label="Loading the ${n.label}" />
}
<form [formGroup]="form" (ngSubmit)="save()" novalidate>
${fields.map(fieldHtml).join('\n')}
  <div class="actions">
    <a mat-button routerLink="/${n.kebabPlural}">Cancel</a>
    <button mat-flat-button type="submit" [disabled]="busy() || loading()">
      {{ creating() ? 'Create' : 'Save' }}
    </button>
  </div>
</form>
`;
}

/** `${k}-form.scss`. */
export function renderFormScss(): string {
  return `h1 {
  margin: 0 0 1rem;
  font: var(--mat-sys-headline-small);
}

form {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  max-width: 40rem;
}

mat-progress-bar {
  max-width: 40rem;
  margin-bottom: 1rem;
}

mat-checkbox {
  margin-bottom: 1rem;
}

.actions {
  display: flex;
  flex-wrap: wrap;
  justify-content: flex-end;
  gap: 0.5rem;
}
`;
}

function controlInit(field: WebField, enumType: string): string {
  const v = (...list: string[]) => (list.length === 0 ? '' : `, [${list.join(', ')}]`);
  const req = field.spec.optional ? [] : ['required'];
  switch (field.spec.type) {
    case 'string':
      return `['', [${[...req, 'Validators.maxLength(255)'].join(', ')}]]`;
    case 'email':
      return `['', [${[...req, 'email', 'Validators.maxLength(255)'].join(', ')}]]`;
    case 'url':
      return `['', [${[...req, 'Validators.pattern(URL_PATTERN)', 'Validators.maxLength(255)'].join(', ')}]]`;
    case 'text':
    case 'datetime':
      return req.length === 0 ? "['']" : "['', [required]]";
    case 'decimal':
      return `['', [${[...req, 'Validators.pattern(DECIMAL_PATTERN)'].join(', ')}]]`;
    case 'integer':
      return `this.fb.control<number | null>(null${v(...req, 'integer', 'Validators.min(INT_MIN)', 'Validators.max(INT_MAX)')})`;
    case 'boolean':
      return '[false]';
    case 'date':
      return `this.fb.control<Date | null>(null${v(...req)})`;
    case 'enum':
      return `this.fb.control<${enumType} | null>(null${v(...req)})`;
    case 'ref':
      return `this.fb.control<RefOption | string | null>(null, [${[...req, 'picked'].join(', ')}])`;
  }
}

/** The form's value for a loaded record. */
function fromRecord(field: WebField): string {
  const value = `record.${field.column}`;
  const optional = field.spec.optional;
  switch (field.spec.type) {
    case 'boolean':
      return optional ? `${value} ?? false` : value;
    case 'date':
      return optional ? `${value} === null ? null : parseDate(${value})` : `parseDate(${value})`;
    case 'datetime':
      return optional
        ? `${value} === null ? '' : localDateTime(${value})`
        : `localDateTime(${value})`;
    case 'integer':
    case 'enum':
      return value;
    case 'ref':
      return `refs.${field.spec.name}`;
    default:
      return optional ? `${value} ?? ''` : value;
  }
}

/** The API's value from the form's. */
function toBody(field: WebField): string {
  const value = `value.${controlOf(field)}`;
  const optional = field.spec.optional;
  switch (field.spec.type) {
    case 'boolean':
      return value;
    case 'integer':
    case 'enum':
      return optional ? value : `present(${value})`;
    case 'date':
      return optional
        ? `${value} === null ? null : isoDate(${value})`
        : `isoDate(present(${value}))`;
    case 'datetime':
      return optional
        ? `${value} === '' ? null : new Date(${value}).toISOString()`
        : `new Date(${value}).toISOString()`;
    case 'ref':
      return optional ? `refId(${value})` : `present(refId(${value}))`;
    default:
      return optional ? `${value} === '' ? null : ${value}` : value;
  }
}

function needsPresent(fields: readonly WebField[]): boolean {
  return fields.some(
    (field) => !field.spec.optional && ['integer', 'enum', 'date', 'ref'].includes(field.spec.type),
  );
}

function helpers(fields: readonly WebField[]): string {
  const has = (type: string) => fields.some((field) => field.spec.type === type);
  const parts: string[] = [];
  if (has('decimal'))
    parts.push(
      `/** The API's decimals: up to 13 digits, up to 2 decimals. */\nconst DECIMAL_PATTERN = /^-?\\d{1,13}(\\.\\d{1,2})?$/;`,
    );
  if (has('url'))
    parts.push(
      `/** An address the API takes: http or https. */\nconst URL_PATTERN = /^https?:\\/\\//;`,
    );
  if (has('integer')) {
    parts.push(`/** The range of an integer column. */
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A whole number (an empty field is left to \`required\`). */
const integer: ValidatorFn = (control) =>
  control.value === null || Number.isInteger(control.value) ? null : { integer: true };`);
  }
  if (has('ref')) {
    parts.push(`/** A reference holds the picked option: text typed but not picked is an error. */
const picked: ValidatorFn = (control) =>
  typeof control.value === 'string' && control.value !== '' ? { picked: true } : null;

/** The id of a picked option, or null. */
function refId(value: RefOption | string | null): number | null {
  return typeof value === 'object' && value !== null ? value.id : null;
}`);
  }
  if (needsPresent(fields)) {
    parts.push(`/** A value the validators required (the form is valid when this is called). */
function present<T>(value: T | null): T {
  if (value === null) throw new TypeError('A required value is missing');
  return value;
}`);
  }
  if (has('date')) {
    parts.push(`const pad = (part: number): string => String(part).padStart(2, '0');

/** The picked day as the API takes it: \`YYYY-MM-DD\`. */
function isoDate(date: Date): string {
  return \`\${date.getFullYear()}-\${pad(date.getMonth() + 1)}-\${pad(date.getDate())}\`;
}

/** A \`YYYY-MM-DD\` of the API as that day at midnight, local time. */
function parseDate(text: string): Date {
  return new Date(\`\${text}T00:00:00\`);
}`);
  }
  if (has('datetime')) {
    parts.push(`/** An ISO instant as a \`datetime-local\` input shows it: \`YYYY-MM-DDTHH:mm\`, local time. */
function localDateTime(iso: string): string {
  const date = new Date(iso);
  const two = (part: number): string => String(part).padStart(2, '0');
  return \`\${date.getFullYear()}-\${two(date.getMonth() + 1)}-\${two(date.getDate())}T\${two(date.getHours())}:\${two(date.getMinutes())}\`;
}`);
  }
  return parts.length === 0 ? '' : `\n${parts.join('\n\n')}\n`;
}

function refSearch(field: WebField): string {
  const ref = camelOf(field.spec.name);
  return `    this.form.controls.${field.spec.name}.valueChanges
      .pipe(
        startWith(''),
        filter((value): value is string => typeof value === 'string'),
        map((text) => text.trim()),
        debounceTime(200),
        distinctUntilChanged(),
        switchMap((q) =>
          this.api.${field.ref!.method}Options(q).pipe(
            catchError((error: unknown) => {
              this.notifier.error(error);
              return of([]);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((options) => this.${ref}Options.set(options));
`;
}

/** `${k}-form.ts`. */
export function renderFormTs(spec: ResourceSpec, fields: readonly WebField[]): string {
  const n = namesOf(spec.name);
  const has = (type: string) => fields.some((field) => field.spec.type === type);
  const refs = fields.filter((field) => field.ref !== undefined);
  const enums = fields.filter((field) => field.spec.type === 'enum');
  const needsValidators = fields.some((field) =>
    ['string', 'email', 'url', 'decimal', 'integer'].includes(field.spec.type),
  );
  const needsValidatorFn = has('integer') || has('ref');
  const coreValidators = [
    ...(fields.some((field) => !field.spec.optional && field.spec.type !== 'boolean')
      ? ['required']
      : []),
    ...(has('email') ? ['email'] : []),
  ];
  const forms = [
    'NonNullableFormBuilder',
    'ReactiveFormsModule',
    ...(needsValidators ? ['Validators'] : []),
    ...(needsValidatorFn ? ['type ValidatorFn'] : []),
  ];
  const material: [string, string][] = [
    ...(has('ref') ? ([['MatAutocompleteModule', 'autocomplete']] as [string, string][]) : []),
    ['MatButtonModule', 'button'],
    ...(has('boolean') ? ([['MatCheckboxModule', 'checkbox']] as [string, string][]) : []),
    ...(has('date') ? ([['MatDatepickerModule', 'datepicker']] as [string, string][]) : []),
    ['MatFormFieldModule', 'form-field'],
    ['MatInputModule', 'input'],
    ['MatProgressBarModule', 'progress-bar'],
    ...(has('enum') ? ([['MatSelectModule', 'select']] as [string, string][]) : []),
  ];
  const rxjs = [
    'catchError',
    ...(refs.length > 0 ? ['debounceTime', 'distinctUntilChanged'] : []),
    'filter',
    ...(refs.length > 0 ? ['forkJoin'] : []),
    'map',
    'of',
    ...(refs.length > 0 ? ['startWith'] : []),
    'switchMap',
  ];
  const apiImports = [
    `${n.pascalPlural}Api`,
    `type New${n.pascalSingular}`,
    `type ${n.pascalSingular}Dto`,
    ...enums.map((field) => `type ${enumTypeOf(n, field.spec)}`),
    ...(refs.length > 0 ? ['type RefOption'] : []),
  ];
  const controls = fields
    .map((field) => `    ${controlOf(field)}: ${controlInit(field, enumTypeOf(n, field.spec))},`)
    .join('\n');
  const refSignals = refs
    .map(
      (field) =>
        `  protected readonly ${camelOf(field.spec.name)}Options = signal<readonly RefOption[]>([]);\n`,
    )
    .join('');
  const loadRefs =
    refs.length === 0
      ? `map((record) => ({ record }))`
      : `switchMap((record) =>
          forkJoin({
${refs
  .map((field) => {
    const call = `this.api.${field.ref!.method}Option(record.${field.column})`;
    return field.spec.optional
      ? `            ${field.spec.name}: record.${field.column} === null ? of(null) : ${call},`
      : `            ${field.spec.name}: ${call},`;
  })
  .join('\n')}
          }).pipe(map((refs) => ({ record, refs }))),
        )`;
  const loadedParams = refs.length === 0 ? '{ record }' : '{ record, refs }';
  const loadedType =
    refs.length === 0
      ? `{ record: ${n.pascalSingular}Dto }`
      : `{ record: ${n.pascalSingular}Dto; refs: { ${refs.map((field) => `${field.spec.name}: RefOption${field.spec.optional ? ' | null' : ''}`).join('; ')} } }`;
  return `import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ${forms.join(', ')} } from '@angular/forms';
${material.map(([name, path]) => `import { ${name} } from '@angular/material/${path}';`).join('\n')}
${has('date') ? "import { provideNativeDateAdapter } from '@angular/material/core';\n" : ''}import { Router, RouterLink } from '@angular/router';
import { ${rxjs.join(', ')} } from 'rxjs';
import { Notifier } from '../../core/notifier';
${coreValidators.length > 0 ? `import { ${coreValidators.join(', ')} } from '../../core/validators';\n` : ''}import { ${apiImports.join(', ')} } from './${n.kebabPlural}-api';
${helpers(fields)}
/** \`/${n.kebabPlural}/new\` creates a ${n.label}, \`/${n.kebabPlural}/:id\` edits one; both go back to the list once saved. */
@Component({
  selector: 'app-${n.kebabSingular}-form',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ${material.map(([name]) => name).join(',\n    ')},
  ],
${has('date') ? '  providers: [provideNativeDateAdapter()],\n' : ''}  templateUrl: './${n.kebabPlural}-form.html',
  styleUrl: './${n.kebabPlural}-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ${n.pascalSingular}Form {
  /** The route's \`:id\` (bound by the router); undefined on \`/${n.kebabPlural}/new\`. */
  readonly id = input<string>();
  private readonly api = inject(${n.pascalPlural}Api);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly creating = computed(() => this.id() === undefined);
  protected readonly busy = signal(false);
  protected readonly loading = signal(false);
${refSignals}${
    refs.length > 0
      ? `  protected readonly optionLabel = (option: RefOption | string | null): string =>
    typeof option === 'string' ? option : (option?.label ?? '');
`
      : ''
  }  protected readonly form = this.fb.group({
${controls}
  });

  constructor() {
${refs.map(refSearch).join('')}    toObservable(this.id)
      .pipe(
        filter((id): id is string => id !== undefined),
        switchMap((id) => {
          this.loading.set(true);
          return this.api.get(Number(id)).pipe(
            ${loadRefs},
            catchError((error: unknown) => {
              this.notifier.error(error);
              void this.router.navigateByUrl('/${n.kebabPlural}');
              return of(null);
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((loaded) => {
        this.loading.set(false);
        if (loaded !== null) this.show(loaded);
      });
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const id = this.id();
    const body = this.body();
    const request = id === undefined ? this.api.create(body) : this.api.update(Number(id), body);
    this.busy.set(true);
    request.subscribe({
      next: () => {
        this.notifier.info(id === undefined ? '${capitalized(n.label)} created' : '${capitalized(n.label)} saved');
        void this.router.navigateByUrl('/${n.kebabPlural}');
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }

  private show(${loadedParams}: ${loadedType}): void {
    this.form.setValue({
${fields.map((field) => `      ${controlOf(field)}: ${fromRecord(field)},`).join('\n')}
    });
  }

  /** The record the API takes, from the form's (valid) value. */
  private body(): New${n.pascalSingular} {
    const value = this.form.getRawValue();
    return {
${fields.map((field) => `      ${field.column}: ${toBody(field)},`).join('\n')}
    };
  }
}
`;
}
