import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

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

/** Starts the child and resolves once `pattern` shows on stdout or stderr; the child keeps running. */
function startUntil(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }, pattern: RegExp) {
  return new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (pattern.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => reject(new Error(output)));
  });
}

/** The run stage of the Dockerfile: its ENV values, EXPOSEd ports and HEALTHCHECK command. */
function runStage() {
  const dockerfile = readFileSync('Dockerfile', 'utf8').replace(/\\\n\s*/g, ' ');
  const stage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  const env: Record<string, string> = {};
  for (const line of stage.split('\n').filter((l) => l.startsWith('ENV ')))
    for (const [, name, value] of line.matchAll(/(\w+)=(\S+)/g)) env[name as string] = value as string;
  const expose = [...stage.matchAll(/^EXPOSE (\d+)/gm)].map((m) => m[1]);
  const healthcheck = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(stage)?.[1];
  return { env, expose, healthcheck: healthcheck ? (JSON.parse(healthcheck) as string[]) : [] };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Docker is not available here, so this checks what the image's run stage relies on: the
 * compiled CLI, with no src/ and no dev tooling beside it (no tsx), validates the config,
 * previews and starts.
 */
describe('the Docker run-stage layout', () => {
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'herald-image-'));
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', path.join(root, 'dist')], {
      timeout: 120_000,
    });
    for (const part of ['bin', 'config', 'package.json'])
      cpSync(part, path.join(root, part), { recursive: true });
    mkdirSync(path.join(root, 'node_modules'));
    for (const name of readdirSync('node_modules').filter((n) => !DEV_ONLY.includes(n)))
      symlinkSync(path.resolve('node_modules', name), path.join(root, 'node_modules', name));
    env = {
      ...process.env,
      HERALD_CONFIG_DIR: path.join(root, 'config'),
      HERALD_DATABASE: path.join(root, 'data', 'herald.db'),
      HERALD_RUNTIME: '',
    };
  }, 180_000);

  it('runs the compiled CLI from dist/ with only bin/, config/, package.json and production packages', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
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

  it('serves HTTP on the port it exposes, on every interface; its HEALTHCHECK passes while Herald runs, fails once it stops', async () => {
    const stage = runStage();
    expect(stage.env.HERALD_HTTP_HOST).toBe('0.0.0.0');
    expect(stage.expose).toEqual([stage.env.HERALD_HTTP_PORT]);
    expect(stage.healthcheck.slice(0, 2)).toEqual(['node', '-e']);
    expect(stage.healthcheck[2]).toContain('/healthz');
    // The image's port may be taken on this machine: the same variables, a free port.
    const port = String(await freePort());
    const httpEnv = {
      ...env,
      HERALD_HTTP_HOST: stage.env.HERALD_HTTP_HOST,
      HERALD_HTTP_PORT: port,
      LOG_LEVEL: 'info',
    };
    const healthcheck = () =>
      run(process.execPath, stage.healthcheck.slice(1), { env: { PATH: env.PATH, HERALD_HTTP_PORT: port } });
    const child = await startUntil(
      [path.join(root, 'bin/herald.js'), 'start'],
      { env: httpEnv, cwd: root },
      /Herald is running/,
    );
    try {
      await expect(healthcheck()).resolves.toBeDefined();
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(await metrics.text()).toContain('herald_ledger_rows');
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await expect(healthcheck()).rejects.toThrow();
  }, 60_000);

  it('has a docker-compose.yml running the image with its port published and /data on a volume', () => {
    const stage = runStage();
    const compose = parseYaml(readFileSync('docker-compose.yml', 'utf8')) as {
      services: Record<
        string,
        {
          build?: string;
          environment?: Record<string, string>;
          ports?: string[];
          volumes?: string[];
          stop_grace_period?: string;
        }
      >;
      volumes?: Record<string, unknown>;
    };
    const herald = compose.services.herald;
    expect(herald?.build).toBe('.');
    const port = herald?.environment?.HERALD_HTTP_PORT ?? stage.env.HERALD_HTTP_PORT;
    expect(stage.expose).toContain(port);
    expect(herald?.ports?.some((p) => p.endsWith(`:${port}`))).toBe(true);
    const data = herald?.volumes?.find((v) => v.split(':')[1] === '/data');
    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data?.split(':')[0]);
    expect(herald?.volumes).toContain(`./config:${stage.env.HERALD_CONFIG_DIR}:ro`);
    // A graceful stop takes up to 10 s for HTTP and 10 s for sends: Docker's 10 s default would kill it.
    expect(Number.parseInt(herald?.stop_grace_period ?? '10s', 10)).toBeGreaterThanOrEqual(25);
  });
});
