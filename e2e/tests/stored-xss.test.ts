/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

const ADMIN = {
  email: 'admin@example.com',
  name: 'Admin',
  password: 'correct horse battery staple',
};

/**
 * SECURITY.md W09: stored XSS. Hostile names are stored by the API as plain JSON strings; the
 * app shows them as text, raises no dialog, and a loopback beacon they point at gets no hit.
 */
describe.runIf(browserAvailable())('stored XSS in the users table', () => {
  let server: ServedTessera;
  let beacon: Server;
  let beaconHits = 0;
  let beaconPort = 0;

  beforeAll(async () => {
    beacon = createServer((_request, response) => {
      beaconHits += 1;
      response.end();
    });
    await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
    beaconPort = (beacon.address() as AddressInfo).port;
    server = await serveTessera();
  });

  afterAll(async () => {
    await server.stop();
    await new Promise<void>((resolve) => beacon.close(() => resolve()));
  });

  it('W09 hostile names are JSON strings in the API and inert text in the app', async () => {
    const token = new URL(server.setupLink).searchParams.get('token');
    const setup = await fetch(`${server.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...ADMIN }),
    });
    expect(setup.status).toBe(201);
    const { access_token } = (await setup.json()) as { access_token: string };
    const hostile = [
      '<img src=x onerror=alert(1)>',
      `"><svg onload=fetch('//127.0.0.1:${beaconPort}/x')>`,
      `<script>fetch('http://127.0.0.1:${beaconPort}/s')</script>`,
    ];
    for (const [index, name] of hostile.entries()) {
      const created = await fetch(`${server.baseUrl}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({
          email: `x${index}@example.com`,
          name,
          password: 'a perfectly fine passphrase',
        }),
      });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { name: string }).name).toBe(name);
    }

    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      const names = page.locator('td.mat-column-name');
      await expect
        .poll(async () => (await names.allTextContents()).map((text) => text.trim()))
        .toEqual([ADMIN.name, ...hostile]);
      expect(
        await page
          .locator('td.mat-column-name img, td.mat-column-name svg, td.mat-column-name script')
          .count(),
      ).toBe(0);
      await page.waitForTimeout(500);
      await screenshot(page, '20-stored-xss');
      expect(dialogs).toEqual([]);
      expect(beaconHits).toBe(0);
    } finally {
      await closeBrowser(browser);
    }
  });
});
