import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRuntime, STAMP, sourceHash } from '../../bin/runtime.js';

/** A checkout: sources, compiler options, and (optionally) a build stamped from them. */
function checkout(options: { built: boolean; stamped?: boolean }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'herald-runtime-'));
  mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'cli.ts'), 'export {};\n');
  writeFileSync(path.join(root, 'src', 'cli', 'start.ts'), 'export const a = 1;\n');
  cpSync('tsconfig.json', path.join(root, 'tsconfig.json'));
  if (options.built) {
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'dist', 'cli.js'), 'export {};\n');
    if (options.stamped !== false) writeFileSync(path.join(root, STAMP), `${sourceHash(root)}\n`);
  }
  return root;
}

describe('which code bin/herald.js runs', () => {
  it('runs the sources (tsx) in a checkout that was never built, or whose build has no stamp', () => {
    expect(chooseRuntime(checkout({ built: false }), undefined)).toBe('src');
    expect(chooseRuntime(checkout({ built: true, stamped: false }), undefined)).toBe('src');
  });

  it('runs dist/ when it was built from exactly these sources and compiler options', () => {
    expect(chooseRuntime(checkout({ built: true }), undefined)).toBe('dist');
  });

  it('never runs a stale build: a source edited, added or removed, or new compiler options, since', () => {
    const edited = checkout({ built: true });
    writeFileSync(path.join(edited, 'src', 'cli', 'start.ts'), 'export const a = 2;\n');
    expect(chooseRuntime(edited, undefined)).toBe('src');
    const added = checkout({ built: true });
    writeFileSync(path.join(added, 'src', 'new.ts'), 'export {};\n');
    expect(chooseRuntime(added, undefined)).toBe('src');
    const removed = checkout({ built: true });
    rmSync(path.join(removed, 'src', 'cli', 'start.ts'));
    expect(chooseRuntime(removed, undefined)).toBe('src');
    const options = checkout({ built: true });
    writeFileSync(path.join(options, 'tsconfig.json'), '{}\n');
    expect(chooseRuntime(options, undefined)).toBe('src');
  });

  it('runs dist/ where there are no sources (the Docker image), and obeys HERALD_RUNTIME', () => {
    const image = checkout({ built: true, stamped: false });
    rmSync(path.join(image, 'src'), { recursive: true });
    expect(chooseRuntime(image, undefined)).toBe('dist');
    expect(chooseRuntime(checkout({ built: true }), 'src')).toBe('src');
    expect(chooseRuntime(checkout({ built: false }), 'dist')).toBe('dist');
    expect(chooseRuntime(checkout({ built: false }), '')).toBe('src');
    expect(() => chooseRuntime(checkout({ built: false }), 'ts')).toThrow(/src or dist/);
  });
});
