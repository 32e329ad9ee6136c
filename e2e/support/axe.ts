/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.js';

/** axe-core's browser build, evaluated in the page (CDP evaluation is not subject to its CSP). */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The WCAG 2.0 and 2.1 success criteria of levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** One failed rule, with the elements it failed on: enough to read in a test failure. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core over the whole page with the WCAG A/AA rules once nothing animates any more (a
 * label half-way through its transition would fail the contrast rule), and returns the
 * violations.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async (tags) => {
      const { axe } = window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<AxeResults> };
      };
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
    },
    [...WCAG_AA_TAGS],
  );
}

/** How far the page is wider than the window (≤ 0: no sideways scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The widths every page is checked at: a desktop and a 360 px phone. */
export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
] as const;

/**
 * The page as it is now, at each of {@link WIDTHS}: no axe violation and no sideways scrolling;
 * a screenshot `a11y-<name>-<width>` of each; the desktop size is restored after.
 */
export async function checkEveryWidth(page: Page, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    expect(await axeViolations(page), `${name} at ${size.name} width`).toEqual([]);
    expect(
      await horizontalOverflow(page),
      `${name} overflows at ${size.name} width`,
    ).toBeLessThanOrEqual(0);
    await screenshot(page, `a11y-${name}-${size.name}`);
  }
  await page.setViewportSize(WIDTHS[0]);
}
