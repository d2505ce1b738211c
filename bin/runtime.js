// Which code `bin/herald.js` runs: the compiled CLI (dist/) or the TypeScript sources (src/,
// through tsx). `npm run build` records a hash of the sources it compiled in dist/; dist/ runs
// only when that hash is the hash of the sources beside it, so a checkout never runs a stale
// build, whatever the file times say (hashing the sources takes a few ms). With no src/ (the
// Docker image) dist/ is all there is.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run build` records what it compiled. */
export const STAMP = path.join('dist', '.source-hash');

/** What the compiled output depends on: every file under src/, and the compiler options. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * sha256 over the relative path and the bytes of every input file, in a fixed order.
 * @param {string} root
 * @returns {string}
 */
export function sourceHash(root) {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesOf(root, input)).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * @param {string} root
 * @param {string} input a file or a folder, relative to root
 * @returns {string[]} the files, relative to root, with / separators
 */
function filesOf(root, input) {
  const full = path.join(root, input);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [input];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)))
    .map((file) => file.split(path.sep).join('/'));
}

/**
 * `dist` when the compiled CLI is there and was built from exactly these sources (or there are
 * no sources), else `src`. `HERALD_RUNTIME=src` or `=dist` forces one (benchmarks, debugging).
 * @param {string} root
 * @param {string | undefined} forced
 * @returns {'dist' | 'src'}
 */
export function chooseRuntime(root, forced) {
  if (forced === 'src' || forced === 'dist') return forced;
  if (forced !== undefined && forced !== '')
    throw new Error(`HERALD_RUNTIME must be src or dist, not "${forced}"`);
  if (!existsSync(path.join(root, 'src', 'cli.ts'))) return 'dist';
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) return 'src';
  let built;
  try {
    built = readFileSync(path.join(root, STAMP), 'utf8').trim();
  } catch {
    return 'src';
  }
  return built === sourceHash(root) ? 'dist' : 'src';
}
