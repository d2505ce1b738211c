import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Dev-only packages the run stage does not have (`npm prune --omit=dev`): the image must not need them. */
const DEV_ONLY = ['tsx', 'esbuild', 'typescript', 'vitest', '.bin'];

/** Resolves with the output once `pattern` shows on stdout or stderr; the child is then stopped. */
function runUntil(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }, pattern: RegExp) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (pattern.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => (pattern.test(output) ? resolve(output) : reject(new Error(output))));
  });
}

/**
 * Docker is not available here, so this checks what the image's run stage relies on: the
 * compiled CLI, with no src/ and no dev tooling beside it (no tsx), validates the config,
 * previews and starts.
 */
describe('the Docker run-stage layout', () => {
  it('runs the compiled CLI from dist/ with only bin/, config/, package.json and production packages', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    const root = mkdtempSync(path.join(tmpdir(), 'herald-image-'));
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', path.join(root, 'dist')], {
      timeout: 120_000,
    });
    for (const part of ['bin', 'config', 'package.json'])
      cpSync(part, path.join(root, part), { recursive: true });
    mkdirSync(path.join(root, 'node_modules'));
    for (const name of readdirSync('node_modules').filter((n) => !DEV_ONLY.includes(n)))
      symlinkSync(path.resolve('node_modules', name), path.join(root, 'node_modules', name));
    const env = {
      ...process.env,
      HERALD_CONFIG_DIR: path.join(root, 'config'),
      HERALD_DATABASE: path.join(root, 'data', 'herald.db'),
      HERALD_RUNTIME: '',
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
    const started = await runUntil(
      [path.join(root, 'bin/herald.js'), 'start'],
      { env: { ...env, LOG_LEVEL: 'info' }, cwd: root },
      /Herald is running/,
    );
    expect(started).toContain('calendar synchronised from config');
  }, 180_000);
});
