#!/usr/bin/env node
// The `herald` command. In a checkout it runs the TypeScript sources through tsx (no build
// step, never a stale build); in the Docker image, which ships only dist/, the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
