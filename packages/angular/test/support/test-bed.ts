// Angular's TestBed for vitest without the Angular CLI: the JIT compiler links the partially
// compiled Angular packages, and a browser testing platform runs on jsdom (each test file asks
// for it with `@vitest-environment jsdom`). The binding has no decorators, so no AOT is needed.
import '@angular/compiler';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach } from 'vitest';

TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), {
  teardown: { destroyAfterEach: true },
});

// TestBed registers its own reset only when `afterEach` is a global; vitest's is imported.
afterEach(() => {
  TestBed.resetTestingModule();
});
