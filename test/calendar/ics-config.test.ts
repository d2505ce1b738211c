import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { redact } from '../../src/core/redact.js';

function configDir(herald: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-imports-'));
  writeFileSync(path.join(dir, 'herald.yaml'), herald);
  return dir;
}

describe('imports: in herald.yaml', () => {
  it('takes files and URLs with their interval, window, zone, tags and owner', () => {
    const dir = configDir(
      [
        'imports:',
        '  - file: calendars/launches.ics',
        '    every: 15m',
        '  - name: google',
        '    url: https://calendar.google.com/calendar/ical/team%40example.com/private-a1b2c3d4e5/basic.ics',
        '    window: 90d',
        '    zone: Europe/Madrid',
        '    tags: [spain]',
        '    owner: telegram:chat:-1001234567890',
        '    public: true',
        '',
      ].join('\n'),
    );
    const { settings } = loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: ':memory:' });
    expect(
      settings.imports.map((i) => [i.name, i.file ?? i.url, i.every.label, i.window.label, i.allowEmpty]),
    ).toEqual([
      [undefined, 'calendars/launches.ics', '15m', '365d', false],
      ['google', expect.stringContaining('private-a1b2c3d4e5'), '1h', '90d', false],
    ]);
  });

  it('refuses an entry with both or neither of url and file, a too-short interval and a name used twice, by line', () => {
    const dir = configDir(
      [
        'imports:',
        '  - file: a.ics',
        '    url: https://example.com/a.ics',
        '  - every: 10s',
        '    file: b.ics',
        '',
      ].join('\n'),
    );
    const file = path.join(dir, 'herald.yaml');
    let message = '';
    try {
      loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: ':memory:' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${file}:2 imports[0]: needs exactly one of url or file`);
    expect(message).toContain(`${file}:4 imports[1].every: "10s" is out of range`);
    expect(message).toContain('fix: use an interval between 1m and 7d');
    const twice = configDir(
      ['imports:', '  - url: https://example.com/c.ics', '  - url: https://example.com/d.ics', ''].join('\n'),
    );
    expect(() => loadConfig({ HERALD_CONFIG_DIR: twice, HERALD_DATABASE: ':memory:' })).toThrow(
      `${path.join(twice, 'herald.yaml')}:3 imports[1]: is named "example.com", as imports[0] is\n    fix: give each import its own name: (imports of one host need one)`,
    );
  });

  it('keeps a private calendar address out of every text (its path is its password)', async () => {
    const { importSources } = await import('../../src/calendar/imports/sources.js');
    const { importSchema } = await import('../../src/config/schema.js');
    importSources(
      [importSchema.parse({ url: 'https://calendar.example/ical/private-9f8e7d6c5b/basic.ics' })],
      '/',
    );
    expect(redact('GET https://calendar.example/ical/private-9f8e7d6c5b/basic.ics failed')).toBe(
      'GET [redacted] failed',
    );
    expect(redact('path /ical/private-9f8e7d6c5b/basic.ics')).toBe('path [redacted]');
  });
});
