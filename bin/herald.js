#!/usr/bin/env node
// The `herald` command. It runs the compiled CLI (dist/) when `npm run build` compiled exactly
// the sources beside it, and the TypeScript sources through tsx otherwise (a fresh clone, or
// sources changed since the build): never a stale build (bin/runtime.js). The Docker image
// ships dist/ alone, with no tsx. Loads as little as it can before the CLI: what is loaded
// first shapes how V8 sizes the heap for the whole start.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const forced = process.env.HERALD_RUNTIME;
const runtime =
  !forced && !existsSync(new URL('src/cli.ts', root))
    ? 'dist'
    : (await import('./runtime.js')).chooseRuntime(fileURLToPath(root), forced);
if (runtime === 'dist') {
  // Node 22.1+ keeps the compiled code of every module for the next start (in the system's
  // temporary folder); older versions have no such cache, and a failure only costs the speed-up.
  module.enableCompileCache?.();
  await import(new URL('dist/cli.js', root).href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write(
      'Herald runs its TypeScript sources through tsx, which is not installed (dependencies installed without the dev ones?).\n' +
        'fix: run `npm run build` to compile them, or `npm ci` to install tsx\n',
    );
    process.exit(1);
  }
  tsx.register();
  await import(new URL('src/cli.ts', root).href);
}
