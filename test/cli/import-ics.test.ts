import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeImports } from '../../src/calendar/imports/describe.js';
import { ImportSourceError } from '../../src/calendar/imports/read-source.js';
import { importSources } from '../../src/calendar/imports/sources.js';
import { importEvents, readEventsFile } from '../../src/cli/import-events.js';
import { ConfigError } from '../../src/core/errors.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { testConfig } from '../support/config.js';

const NOW = Date.parse('2026-05-01T00:00:00Z');

function calendarFile(name: string, lines: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-ics-'));
  const file = path.join(dir, name);
  writeFileSync(
    file,
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n'),
  );
  return file;
}

const WEEKLY = [
  'BEGIN:VEVENT',
  'UID:drops',
  'SUMMARY:Weekly drop',
  'DTSTART;TZID=W. Europe Standard Time:20260505T100000',
  'RRULE:FREQ=WEEKLY;COUNT=3',
  'END:VEVENT',
];
const LAUNCH = [
  'BEGIN:VEVENT',
  'UID:mi11',
  'SUMMARY:Mi 11 launch',
  'DTSTART;VALUE=DATE:20260601',
  'END:VEVENT',
];

async function run(
  stores: SqliteStores,
  file: string,
  config = testConfig({ defaults: { zone: 'Europe/Rome' } }),
) {
  return importEvents(stores, config, readEventsFile(file), { source: 'import', label: file, now: NOW });
}

describe('herald events import file.ics', () => {
  it('imports each occurrence, and importing the same file again changes nothing', async () => {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    const file = calendarFile('launches.ics', [...WEEKLY, ...LAUNCH]);
    expect(await run(stores, file)).toBe(`Imported 4 events from ${file}: 4 added, 0 updated, 0 unchanged.`);
    const stored = await stores.events.list();
    expect(stored.map((e) => `${e.id} ${e.zone} ${e.revision}`)).toEqual([
      'drops-20260505 Europe/Berlin 1',
      'drops-20260512 Europe/Berlin 1',
      'drops-20260519 Europe/Berlin 1',
      'mi11 Europe/Rome 1',
    ]);
    expect(await run(stores, file)).toBe(`Imported 4 events from ${file}: 0 added, 0 updated, 4 unchanged.`);
    expect(JSON.stringify(await stores.events.list())).toBe(JSON.stringify(stored));
  });

  it('updates what the file changed, keeps an operator change the file did not touch, and cancels nothing', async () => {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    const file = calendarFile('launches.ics', [...WEEKLY, ...LAUNCH]);
    await run(stores, file);
    const edited = await stores.events.get('drops-20260512');
    await stores.events.put({ ...(edited as NonNullable<typeof edited>), title: { en: 'Operator title' } });
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        ...WEEKLY,
        ...LAUNCH.map((l) => l.replace('Mi 11 launch', 'Mi 11 global launch')),
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    expect(await run(stores, file)).toBe(
      `Imported 4 events from ${file}: 0 added, 1 updated (mi11 (title)), 3 unchanged; kept as an operator changed them: drops-20260512.`,
    );
    expect((await stores.events.get('drops-20260512'))?.title).toEqual({ en: 'Operator title' });
    writeFileSync(file, ['BEGIN:VCALENDAR', 'VERSION:2.0', ...LAUNCH, 'END:VCALENDAR'].join('\r\n'));
    await run(stores, file);
    expect((await stores.events.get('drops-20260505'))?.status).toBe('scheduled');
  });

  it('refuses the whole file with each problem on its own line, and stores nothing', async () => {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    const file = calendarFile('bad.ics', [
      ...LAUNCH,
      'BEGIN:VEVENT',
      'UID:untitled',
      'DTSTART:20260522T140000Z',
      'END:VEVENT',
    ]);
    const error = await run(stores, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).describe()).toContain(
      `${file}:9 VEVENT: has no SUMMARY (the launch title) (got "untitled")\n    fix: add SUMMARY:<the launch title> to this event`,
    );
    expect(await stores.events.list()).toEqual([]);
  });

  it('refuses an event of events.yaml by the line of its VEVENT', async () => {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    await stores.events.put({
      id: 'mi11',
      title: { en: 'Config' },
      description: {},
      start: { kind: 'date', date: '2026-06-01' },
      zone: 'UTC',
      links: [],
      tags: [],
      status: 'scheduled',
      source: 'config',
      revision: 1,
    });
    const file = calendarFile('launches.ics', [...WEEKLY, ...LAUNCH]);
    const error = (await run(stores, file).catch((e: unknown) => e)) as ConfigError;
    expect(error.describe()).toContain(`${file}:10 VEVENT.UID: names an event of`);
  });

  it('says in one line that a file is missing (no stack)', () => {
    const missing = path.join(tmpdir(), 'no-such-calendar.ics');
    const error = (() => {
      try {
        readEventsFile(missing);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as ImportSourceError;
    expect(error).toBeInstanceOf(ImportSourceError);
    expect(error.describe()).toBe(
      `${missing} does not exist\n  fix: check the path (a relative path starts from the current folder)`,
    );
  });
});

describe('herald check reports import sources', () => {
  it('names each source, its interval and what reading it gives now, hiding a URL path', async () => {
    const file = calendarFile('launches.ics', [...WEEKLY, ...LAUNCH]);
    const broken = calendarFile('broken.ics', [
      'BEGIN:VEVENT',
      'UID:x',
      'SUMMARY:x',
      'DTSTART:2026',
      'END:VEVENT',
    ]);
    // An address nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const config = testConfig({
      imports: [
        { file, every: '15m', tags: ['mi'] },
        { name: 'broken', file: broken },
        {
          name: 'google',
          url: `http://127.0.0.1:${port}/calendar/ical/private-secret/basic.ics`,
          every: '1h',
        },
      ],
    });
    const lines = await describeImports(
      importSources(config.settings.imports, config.dir),
      'Europe/Rome',
      NOW,
    );
    expect(lines.join('\n')).toBe(
      [
        'Imports (3):',
        `  ${file}: ${file}, every 15m, window 365d, tags [mi]`,
        '    reads now: 4 events ahead (3 of them occurrences of recurring events) from 2 VEVENTs, floating times and all-day events in Europe/Rome',
        `  broken: ${broken}, every 1h, window 365d`,
        '    has 1 problem; a start keeps the events it gave before:',
        '    - broken:7 VEVENT.DTSTART: is not an iCalendar date or date-time (got "2026")',
        '      fix: write YYYYMMDD for a day, YYYYMMDDTHHMMSS for a local time, or add Z for UTC (20260522T140000Z)',
        `  google: http://127.0.0.1:${port}/…, every 1h, window 365d`,
        '    cannot be read now: could not be reached (ECONNREFUSED) (check the address and the network; Herald tries again at the next interval)',
      ].join('\n'),
    );
  });
});
