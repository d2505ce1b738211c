// `npm run build`: tsc, then the stamp bin/runtime.js checks: the hash of the sources taken
// before tsc started, so an edit saved while it runs no longer matches and dist/ is not used.
// The old stamp goes first: a failed build may have written part of dist/.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP, sourceHash } from './runtime.js';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(path.join(root, STAMP), { force: true });
const hash = sourceHash(root);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status === 0) writeFileSync(path.join(root, STAMP), `${hash}\n`);
process.exitCode = result.status ?? 1;
