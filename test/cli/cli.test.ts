import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { planRules } from '../../src/config/schema.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { plannedCalendar } from '../../src/scheduler/replanner.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';

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
  it('--version prints the package version, without reading the config', async () => {
    const { version } = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync('package.json', 'utf8')),
    ) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const out = await herald([flag], { HERALD_CONFIG_DIR: tempDir() });
      expect(out).toMatchObject({ code: 0, stdout: `${version}\n` });
    }
  });

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
    expect(french?.text).toContain('C’est aujourd’hui : Lancement du Mi 8 — France');
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
      // An all-day event is in the configured default zone (config/herald.yaml: Europe/Paris), not UTC.
      expect.objectContaining({
        id: 'mi9-it',
        start: { kind: 'date', date: '2031-05-24' },
        zone: 'Europe/Paris',
      }),
    ]);
  }, 60_000);

  it('commands sync registers the Discord slash commands where the config says, and --clean removes the other set', async () => {
    const { FakeDiscord } = await import('../fakes/discord-server.js');
    const discord = new FakeDiscord('cli-discord-token-0123456789', [
      { id: '448000000000000000', name: 'Mi Fans', channels: [] },
    ]);
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
      const dir = tempDir({ 'herald.yaml': 'discord: { commands: global }\n' });
      const global = await herald(['commands', 'sync', '--clean'], { ...env, HERALD_CONFIG_DIR: dir });
      expect(global.stdout).toBe(
        'Registered 15 commands globally.\nRemoved 15 commands registered guild 448000000000000000 (the config registers them globally).\n',
      );
      expect([...discord.commands].filter(([, list]) => list.length > 0).map(([scope]) => scope)).toEqual([
        'global',
      ]);
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
      /→ telegram:-1001234567890 · countdown · fr ──\n {2}⏳ Lancement du Mi 8 — France : plus qu’un jour/,
    );
    expect(stdout).toMatch(
      /→ discord:448000000000000001 · countdown · it ──\n {2}⏳ Lancio di Mi 8 — Italia: mancano 3 giorni/,
    );
    expect(stdout).toContain('Rehearsal finished.');
  });

  it('check prints what a start would do to an existing store: add, change (fields), remove, operators’ changes', async () => {
    const entry = (id: string, title: string, extra = '') =>
      `  - { id: ${id}, title: "${title}", start: "2031-05-22T14:00", zone: Europe/Paris, city: Paris${extra} }\n`;
    const dir = tempDir({
      'herald.yaml': 'defaults: { zone: Europe/Paris }\n',
      'events.yaml': `events:\n${entry('a-launch', 'A')}${entry('b-launch', 'B')}${entry('c-launch', 'C')}${entry('f-launch', 'F')}`,
    });
    const db = path.join(dir, 'herald.db');
    const env = { HERALD_CONFIG_DIR: dir, HERALD_DATABASE: db };
    // The store as a start left it, then an operator's changes to two config events.
    const stores = new SqliteStores(db);
    await stores.migrate();
    const cfg = loadConfig({ ...env });
    const { calendar } = plannedCalendar({
      stores,
      rules: planRules(cfg.settings),
      clock: systemClock,
      logger: silentLogger(),
      onPlanned: () => {},
    });
    await calendar.syncFromConfig(cfg.events, cfg.targets);
    await calendar.editEvent('a-launch', { city: 'Lyon' });
    await calendar.setStatus('c-launch', 'cancelled');
    await stores.close();
    expect(
      (await herald(['events', 'add', '--id', 'e-launch', '--title', 'E', '--when', '2031-06-01'], env)).code,
    ).toBe(0);

    // The file changes a-launch, drops b-launch, adds d-launch; c-launch and f-launch stay as they were.
    writeFileSync(
      path.join(dir, 'events.yaml'),
      `events:\n${entry('a-launch', 'A, renamed')}${entry('c-launch', 'C')}${entry('d-launch', 'D')}${entry('f-launch', 'F')}`,
    );
    const { code, stdout } = await herald(['check'], env);
    expect(code).toBe(0);
    expect(stdout).toContain(`Config: ${dir} — valid.`); // the validation output is still there
    expect(stdout).toContain(`Calendar: what a start would do to the store at ${db}:`);
    expect(stdout).toContain('  add (1): d-launch\n');
    expect(stdout).toContain('  change (1): a-launch (title, city)\n');
    expect(stdout).toContain('  remove (1): b-launch (chats that heard of it are told it is cancelled)\n');
    expect(stdout).toContain(
      `  replace operator changes (1): a-launch (${path.join(dir, 'events.yaml')} changed it: the file's version wins)\n`,
    );
    expect(stdout).toContain('  keep operator changes (1): c-launch (its entry did not change)\n');
    expect(stdout).toContain('  unchanged: 2 config events; kept: 1 event added by commands or imports\n');
    // check reads the store, it does not change it.
    const list = JSON.parse((await herald(['events', 'list', '--json'], env)).stdout) as { id: string }[];
    expect(list.map((e) => e.id)).toEqual(['a-launch', 'b-launch', 'c-launch', 'e-launch', 'f-launch']);

    // An emptied events.yaml: a start would be refused, and so is check, with the fix.
    writeFileSync(path.join(dir, 'events.yaml'), 'events: []\n');
    const empty = await herald(['check'], env);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toContain('  remove (4): a-launch');
    expect(empty.stderr).toContain(
      `${path.join(dir, 'events.yaml')} events: has no events, but the store holds 4 events`,
    );
    expect(empty.stderr).toContain('HERALD_ALLOW_EMPTY_CALENDAR=1');
    const allowed = await herald(['check'], { ...env, HERALD_ALLOW_EMPTY_CALENDAR: '1' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(
      'every config event would be removed (allowed by HERALD_ALLOW_EMPTY_CALENDAR)',
    );
  }, 60_000);

  it('check says when there is no store yet', async () => {
    const db = path.join(tempDir(), 'none.db');
    const { code, stdout } = await herald(['check'], { HERALD_DATABASE: db });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Calendar: no store yet at ${db}; the first start creates it and adds the 2 config events.`,
    );
  });

  it('events add refuses an id already in the store unless --replace, and never replaces a config event', async () => {
    const dir = tempDir({
      'herald.yaml': 'defaults: { zone: Europe/Paris }\n',
      'events.yaml':
        'events:\n  - { id: cfg-launch, title: From the file, start: "2031-05-22T14:00", zone: Europe/Paris }\n',
      'more.yaml':
        'events:\n  - { id: cmd-launch, title: Imported, date: 2031-07-01, zone: UTC }\n  - { id: imp-launch, title: Imported, date: 2031-07-02, zone: UTC }\n',
    });
    const db = path.join(dir, 'herald.db');
    const env = { HERALD_CONFIG_DIR: dir, HERALD_DATABASE: db };
    const stores = new SqliteStores(db);
    await stores.migrate();
    const cfg = loadConfig({ ...env });
    const { calendar } = plannedCalendar({
      stores,
      rules: planRules(cfg.settings),
      clock: systemClock,
      logger: silentLogger(),
      onPlanned: () => {},
    });
    await calendar.syncFromConfig(cfg.events, cfg.targets);
    await stores.close();
    const add = (id: string, title: string, ...more: string[]) =>
      herald(['events', 'add', '--id', id, '--title', title, '--when', '2031-06-01T10:00', ...more], env);

    const first = await add('cmd-launch', 'First');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Added event cmd-launch.');
    const again = await add('cmd-launch', 'Second');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      'the command line --id: names an event already in the store (added by a command) (got "cmd-launch")',
    );
    expect(again.stderr).toContain(
      'fix: choose another id, or run herald events add … --replace to overwrite it',
    );
    const replaced = await add('cmd-launch', 'Second', '--replace');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('Replaced event cmd-launch (title).');

    const config = await add('cfg-launch', 'Mine now', '--replace');
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(`names an event of ${path.join(dir, 'events.yaml')}`);
    expect(config.stderr).toContain(`fix: edit the event in ${path.join(dir, 'events.yaml')}`);

    // An import updates what it imported before, but not what a command added, unless --replace.
    const more = path.join(dir, 'more.yaml');
    const refused = await herald(['events', 'import', more], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'events[0].id: names an event already in the store (added by a command)',
    );
    expect(refused.stderr).toContain('herald events import … --replace');
    const forced = await herald(['events', 'import', more, '--replace'], env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Imported 2 events from');
    writeFileSync(
      more,
      'events:\n  - { id: imp-launch, title: Imported again, date: 2031-07-02, zone: UTC }\n',
    );
    const update = await herald(['events', 'import', more], env);
    expect(update.stdout).toContain('1 updated (imp-launch (title))');
    const list = JSON.parse((await herald(['events', 'list', '--json'], env)).stdout) as Record<
      string,
      unknown
    >[];
    expect(list.map((e) => `${e.id}:${e.source}:${JSON.stringify(e.title)}`)).toEqual([
      'cfg-launch:config:{"en":"From the file"}',
      'cmd-launch:import:{"en":"Imported"}',
      'imp-launch:import:{"en":"Imported again"}',
    ]);
  }, 60_000);
});
