#!/usr/bin/env node
// Entry point of `npx tessera`: runs the built CLI (npm start and npm run build make it).
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  console.error('tessera: the CLI is not built yet; run `npm run build` (or `npm start`) first');
  process.exit(1);
}
await import(built.href);
