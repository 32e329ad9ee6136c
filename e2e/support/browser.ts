import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); never a downloaded browser. */
export const CHROMIUM = process.env['TESSERA_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = join(process.cwd(), '.test-artifacts', 'screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser tests can run. Under `CI=true` a missing Chromium is an error (the suite fails,
 * never skips); elsewhere the browser suites are left out with one warning.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(
      `Chromium is required when CI=true but ${CHROMIUM} is missing (apt-get install -y chromium)`,
    );
  }
  console.warn(`\n!! ${CHROMIUM} is missing: browser tests are left out (CI=true fails instead)\n`);
  return false;
}

/** A fresh browser profile; close it with {@link closeBrowser}. */
export async function openBrowser(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'tessera-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  return { context, profile };
}

export async function closeBrowser(browser: {
  context: BrowserContext;
  profile: string;
}): Promise<void> {
  await browser.context.close();
  await rm(browser.profile, { recursive: true, force: true });
}

/** Saves a full-page PNG as `.test-artifacts/screenshots/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
