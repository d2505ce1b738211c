import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(files: Record<string, string>): ConfigError {
  try {
    loadConfig({ HERALD_CONFIG_DIR: dirWith(files) });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const HERALD = 'defaults: { locale: fr, zone: Europe/Paris }\n';
const event = (fields: string) =>
  `events:\n  - id: mi8-fr\n    title: Mi 8\n    zone: Europe/Paris\n${fields}`;

describe('loadConfig', () => {
  it('loads the example configuration of the repository', () => {
    const config = loadConfig({ HERALD_CONFIG_DIR: 'config' });
    expect(config.events.map((e) => [e.id, e.start])).toEqual([
      ['mi8-fr', { kind: 'date', date: '2018-05-22' }],
      ['mi8-it', { kind: 'date', date: '2018-05-24' }],
    ]);
    expect(config.targets.map((t) => t.key)).toEqual([
      'console:main',
      'telegram:-1001234567890',
      'discord:448000000000000001',
    ]);
  });

  it('names the file, the line, the value and the fix for an unknown time zone', () => {
    const error = errorOf({ 'herald.yaml': 'defaults:\n  locale: fr\n  zone: Europe/Pariss\n' });
    expect(error.issues).toEqual([
      expect.objectContaining({
        line: 3,
        path: 'defaults.zone',
        value: 'Europe/Pariss',
        message: '"Europe/Pariss" is not a known time zone',
      }),
    ]);
    expect(error.message).toContain('herald.yaml:3 defaults.zone');
    expect(error.message).toContain('fix: use an IANA zone name');
  });

  it('refuses bad durations such as -1d and 1x', () => {
    const error = errorOf({ 'herald.yaml': 'countdown:\n  milestones: [7d, -1d, 1x]\n' });
    expect(error.issues.map((i) => [i.path, i.value])).toEqual([
      ['countdown.milestones[1]', '-1d'],
      ['countdown.milestones[2]', '1x'],
    ]);
    expect(error.issues[0]?.fix).toContain('s, m, h, d or w');
  });

  it('refuses invalid YAML with its line', () => {
    const error = errorOf({ 'herald.yaml': 'defaults:\n  locale: [fr\n' });
    expect(error.issues[0]?.message).toMatch(/invalid YAML/);
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses impossible dates, times in the DST gap, titles past the limit and duplicate ids', () => {
    expect(
      errorOf({ 'herald.yaml': HERALD, 'events.yaml': event('    date: 2018-06-31\n') }).issues[0],
    ).toMatchObject({
      path: 'events[0].date',
      line: 5,
      message: '2018-06-31 is not a real date: June 2018 has 30 days',
    });
    const gap = errorOf({ 'herald.yaml': HERALD, 'events.yaml': event('    start: 2018-03-25T02:30\n') })
      .issues[0];
    expect(gap).toMatchObject({
      path: 'events[0].start',
      message: expect.stringContaining('does not exist in Europe/Paris'),
    });
    expect(gap?.fix).toContain('03:30');
    const long = errorOf({
      'herald.yaml': HERALD,
      'events.yaml': event(`    date: 2018-05-22\n    description: { fr: "${'x'.repeat(901)}" }\n`),
    });
    expect(long.issues[0]).toMatchObject({
      path: 'events[0].description.fr',
      message: 'is 901 characters long, over the limit of 900',
    });
    const twice = errorOf({
      'herald.yaml': HERALD,
      'events.yaml': `events:\n  - { id: a, title: A, zone: UTC, date: 2030-01-01 }\n  - { id: a, title: B, zone: UTC, date: 2030-01-02 }\n`,
    });
    expect(twice.issues[0]).toMatchObject({
      path: 'events[1].id',
      line: 3,
      message: 'duplicates the id of events[0]',
    });
  });

  it('refuses unknown keys, targets following unknown events, duplicate targets, and bad cron', () => {
    const error = errorOf({
      'herald.yaml': [
        'summaries: { cron: "every monday" }',
        'targets:',
        '  - { platform: telegram, chat: "-1", follows: { events: [ghost] } }',
        '  - { platform: telegram, chat: "-1" }',
        '  - { platform: slack, chat: "x" }',
        'colour: blue',
      ].join('\n'),
      'events.yaml': 'events: []\n',
    });
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['targets[2].platform', '']));
    expect(error.message).toContain('colour');
    const again = errorOf({
      'herald.yaml':
        'summaries: { cron: "every monday" }\ntargets:\n  - { platform: telegram, chat: "-1", follows: { events: [ghost] } }\n  - { platform: telegram, chat: "-1" }\n',
      'events.yaml': 'events: []\n',
    });
    // Each with the line it is written on, like the schema's own issues.
    expect(again.issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      '1 summaries.cron: is not a cron expression',
      '3 targets[0].follows.events[0]: names an event that events.yaml does not define',
      '4 targets[1]: is listed twice',
    ]);
    const multiline = errorOf({
      'herald.yaml': [
        'targets:',
        '  - platform: telegram',
        '    chat: "-1"',
        '    follows:',
        '      events:',
        '        - mi8-fr',
        '        - ghost',
      ].join('\n'),
      'events.yaml': 'events:\n  - { id: mi8-fr, title: Mi 8, date: 2031-05-22, zone: Europe/Paris }\n',
    });
    expect(multiline.message).toContain('herald.yaml:7 targets[0].follows.events[1]: names an event');
  });

  it('refuses chat ids a platform would not accept', () => {
    const error = errorOf({
      'herald.yaml':
        'targets:\n  - { platform: discord, chat: "general" }\n  - { platform: telegram, chat: "mi fans" }\n',
      'events.yaml': 'events: []\n',
    });
    expect(error.issues.map((i) => `${i.line} ${i.path} ${i.message}`)).toEqual([
      '2 targets[0].chat is not a discord chat id',
      '3 targets[1].chat is not a telegram chat id',
    ]);
    expect(error.issues[0]?.fix).toContain('Copy Channel ID');
  });

  it('says which file is missing and how to point at another folder', () => {
    const error = errorOf({});
    expect(error.issues[0]?.message).toBe('is missing');
    expect(error.issues[0]?.fix).toContain('HERALD_CONFIG_DIR');
  });
});
