import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve('bin/herald.js');

async function herald(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('herald CLI', () => {
  it('preview --json lists every post of the example campaign with where, when and in which language', async () => {
    const db = path.join(tempDir(), 'none.db');
    const { code, stdout } = await herald(
      ['preview', '--from', '2018-05-15T00:00', '--to', '2018-05-25T00:00', '--json'],
      {
        HERALD_DATABASE: db,
      },
    );
    expect(code).toBe(0);
    const posts = JSON.parse(stdout) as Record<string, string>[];
    expect(posts[0]).toEqual({
      due: '2018-05-15T08:00:00.000Z',
      event: 'mi8-fr',
      kind: 'countdown',
      slot: '7d',
      target: 'console:main',
      platform: 'console',
      chat: 'main',
      locale: 'en',
      text: expect.stringContaining('⏳ Mi 8 launch — France: 7 days to go'),
    });
    const french = posts.find(
      (p) => p.target === 'telegram:-1001234567890' && p.event === 'mi8-fr' && p.kind === 'live',
    );
    expect(french).toMatchObject({ due: '2018-05-22T08:00:00.000Z', locale: 'fr' });
    expect(french?.text).toContain("C'est aujourd'hui : Lancement du Mi 8 — France");
    const italian = posts.filter((p) => p.platform === 'discord').map((p) => `${p.kind} ${p.slot}`);
    expect(italian).toEqual(['countdown 7d', 'countdown 3d', 'countdown 1d', 'live 0']);
    expect(posts.every((p, i) => i === 0 || (posts[i - 1]?.due ?? '') <= (p.due ?? ''))).toBe(true);
  });

  it('check refuses a bad configuration with the file, line, value and fix, and exit code 2', async () => {
    const dir = tempDir({
      'herald.yaml': 'defaults:\n  zone: Europe/Pariss\ncountdown:\n  milestones: [1x]\n',
    });
    const { code, stderr } = await herald(['check'], { HERALD_CONFIG_DIR: dir });
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${path.join(dir, 'herald.yaml')}:2 defaults.zone: "Europe/Pariss" is not a known time zone (got "Europe/Pariss")`,
    );
    expect(stderr).toContain('countdown.milestones[0]: "1x" is not a duration');
    expect(stderr).toContain('fix: write a whole number and one unit');
  });

  it('imports events all-or-nothing, from YAML and from iCalendar', async () => {
    const dir = tempDir({
      'bad.yaml':
        'events:\n  - { id: ok-1, title: Fine, zone: UTC, date: 2031-01-01 }\n  - { id: bad, title: Broken, zone: Mars/Base, date: 2031-01-02 }\n',
      'launches.ics': [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        'BEGIN:VEVENT',
        'UID:mi9-fr',
        'DTSTAMP:20300101T000000Z',
        'SUMMARY:Mi 9 launch',
        'DTSTART;TZID=Europe/Paris:20310522T140000',
        'LOCATION:Paris',
        'CATEGORIES:xiaomi,mi9',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:mi9-it',
        'DTSTAMP:20300101T000000Z',
        'SUMMARY:Mi 9 launch Italy',
        'DTSTART;VALUE=DATE:20310524',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    });
    const env = { HERALD_DATABASE: path.join(dir, 'herald.db') };
    const bad = await herald(['events', 'import', path.join(dir, 'bad.yaml')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('events[1].zone: "Mars/Base" is not a known time zone');
    expect((await herald(['events', 'list', '--json'], env)).stdout.trim()).toBe('[]');
    const ok = await herald(['events', 'import', path.join(dir, 'launches.ics')], env);
    expect(ok.stdout).toContain('Imported 2 events');
    const list = JSON.parse((await herald(['events', 'list', '--json'], env)).stdout) as Record<
      string,
      unknown
    >[];
    expect(list).toEqual([
      expect.objectContaining({
        id: 'mi9-fr',
        start: { kind: 'instant', at: Date.parse('2031-05-22T12:00:00Z') },
        zone: 'Europe/Paris',
        city: 'Paris',
        tags: ['xiaomi', 'mi9'],
        source: 'import',
      }),
      expect.objectContaining({ id: 'mi9-it', start: { kind: 'date', date: '2031-05-24' }, zone: 'UTC' }),
    ]);
  });

  it('commands sync registers the Discord slash commands in one guild or globally', async () => {
    const { FakeDiscord } = await import('../fakes/discord-server.js');
    const discord = new FakeDiscord('cli-discord-token-0123456789', []);
    await discord.start();
    try {
      const env = {
        DISCORD_TOKEN: 'cli-discord-token-0123456789',
        DISCORD_API_ROOT: discord.apiRoot,
        HERALD_DATABASE: ':memory:',
      };
      const guild = await herald(['commands', 'sync', '--guild', '448000000000000000'], env);
      expect(guild.stdout).toContain('Registered 15 commands in guild 448000000000000000.');
      expect((discord.commands.get('448000000000000000') ?? []).length).toBe(15);
      const global = await herald(['commands', 'sync'], env);
      expect(global.stdout).toContain('Registered 15 commands globally.');
      const missing = await herald(['commands', 'sync'], { DISCORD_TOKEN: '' });
      expect(missing.code).toBe(2);
    } finally {
      await discord.stop();
    }
  });

  it('rehearses the example campaign on a virtual clock, printing posts as they fall due', async () => {
    const { code, stdout } = await herald(
      ['start', '--rehearse', '2018-05-21T09:58', '--speed', '600', '--until', '2018-05-21T10:06'],
      {
        HERALD_DATABASE: path.join(tempDir(), 'unused.db'),
      },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Rehearsal from 2018-05-21T09:58');
    expect(stdout).toMatch(
      /── 2018-05-21 10:0\d → console:main · countdown · en ──\n {2}⏳ Mi 8 launch — France: 1 day to go/,
    );
    expect(stdout).toMatch(
      /→ telegram:-1001234567890 · countdown · fr ──\n {2}⏳ Lancement du Mi 8 — France : plus que 1 jour/,
    );
    expect(stdout).toMatch(
      /→ discord:448000000000000001 · countdown · it ──\n {2}⏳ Lancio di Mi 8 — Italia: mancano 3 giorni/,
    );
    expect(stdout).toContain('Rehearsal finished.');
  });
});
