#!/usr/bin/env node
// The `herald` command: the compiled CLI when built (Docker, `npm run build`), else the
// TypeScript sources through tsx, so a fresh clone runs without a build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
