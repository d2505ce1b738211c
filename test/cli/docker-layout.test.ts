import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * Docker is not available here, so this checks what the image's run stage relies on: the
 * compiled CLI, with no src/ and no dev tooling beside it, validates the config and previews.
 */
describe('the Docker run-stage layout', () => {
  it('runs the compiled CLI from dist/ with only bin/, config/ and package.json', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'herald-image-'));
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', path.join(root, 'dist')], {
      timeout: 120_000,
    });
    for (const part of ['bin', 'config', 'package.json'])
      cpSync(part, path.join(root, part), { recursive: true });
    symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
    const env = {
      ...process.env,
      HERALD_CONFIG_DIR: path.join(root, 'config'),
      HERALD_DATABASE: path.join(root, 'data', 'herald.db'),
    };
    const check = await run(process.execPath, [path.join(root, 'bin/herald.js'), 'check'], {
      env,
      cwd: root,
    });
    expect(check.stdout).toContain('— valid.');
    const preview = await run(
      process.execPath,
      [
        path.join(root, 'bin/herald.js'),
        'preview',
        '--from',
        '2018-05-21T00:00',
        '--to',
        '2018-05-21T23:59',
        '--json',
      ],
      { env, cwd: root },
    );
    expect((JSON.parse(preview.stdout) as unknown[]).length).toBeGreaterThan(0);
  }, 180_000);
});
