import type { ComponentFixture } from '@angular/core/testing';

/** The input of the Material form field labelled `label` inside `root`. */
export function inputLabelled(root: HTMLElement, label: string): HTMLInputElement {
  const field = [...root.querySelectorAll('mat-form-field')].find(
    (candidate) => candidate.querySelector('mat-label')?.textContent?.trim() === label,
  );
  const input = field?.querySelector('input');
  if (!input) throw new Error(`no field labelled ${label}`);
  return input;
}

/** Types `value` into the field labelled `label`. */
export function typeInto(root: HTMLElement, label: string, value: string): void {
  const input = inputLabelled(root, label);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

/** The button (or link) whose text is `text`. */
export function buttonNamed(root: HTMLElement, text: string): HTMLElement {
  const button = [...root.querySelectorAll<HTMLElement>('button, a')].find(
    (candidate) => candidate.textContent?.trim() === text,
  );
  if (!button) throw new Error(`no button ${text}`);
  return button;
}

/** Submits the first form of `root` and lets the component settle. */
export async function submitForm(fixture: ComponentFixture<unknown>): Promise<void> {
  const root = fixture.nativeElement as HTMLElement;
  root.querySelector('form')?.dispatchEvent(new Event('submit'));
  await settle(fixture);
}

/** Waits for the pending work of the fixture, then renders. */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await fixture.whenStable();
  fixture.detectChanges();
}
