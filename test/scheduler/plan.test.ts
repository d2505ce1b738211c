import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';
import type { LaunchEvent, Target } from '../../src/core/types.js';
import { wallTimeToInstant } from '../../src/core/zone.js';
import { dueBefore, planEvent } from '../../src/scheduler/plan.js';

const d = parseDuration;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function event(overrides: Partial<LaunchEvent>): LaunchEvent {
  return {
    id: 'mi8-fr',
    title: { en: 'Mi 8' },
    description: {},
    start: { kind: 'instant', at: Date.parse('2018-05-22T12:00:00Z') },
    zone: 'Europe/Paris',
    links: [],
    tags: ['mi8'],
    status: 'scheduled',
    source: 'config',
    revision: 1,
    ...overrides,
  };
}

const target = (key: string, overrides: Partial<Target> = {}): Target => ({
  key,
  platform: 'telegram',
  chatId: key.split(':')[1] ?? key,
  locale: 'fr',
  zone: 'Europe/Paris',
  follows: { tags: ['mi8'], events: [] },
  kinds: ['countdown', 'live', 'notice', 'digest'],
  enabled: true,
  source: 'config',
  ...overrides,
});

const rules = {
  milestones: ['30d', '7d', '1d', '12h', '1h', '15m', '0'].map(d),
  reminderOffsets: [d('1d'), d('1h')],
  dateOnlyPostTime: '10:00',
};

describe('dueBefore: days on the venue calendar, hours as elapsed time', () => {
  const paris = (text: string) => ({
    start: { kind: 'instant' as const, at: Date.parse(text) },
    zone: 'Europe/Paris',
  });
  const rome = (text: string) => ({
    start: { kind: 'instant' as const, at: Date.parse(text) },
    zone: 'Europe/Rome',
  });

  it('keeps 14:00 Paris for "1d before" across the spring-forward night', () => {
    // 25 March 2018 14:00 CEST is 12:00Z; the day before, 14:00 CET, is 13:00Z.
    const launch = paris('2018-03-25T12:00:00Z');
    expect(iso(dueBefore(launch, d('1d'), '10:00'))).toBe('2018-03-24T13:00:00.000Z');
    expect(iso(dueBefore(launch, d('24h'), '10:00'))).toBe('2018-03-24T12:00:00.000Z');
    expect(iso(dueBefore(launch, d('12h'), '10:00'))).toBe('2018-03-25T00:00:00.000Z');
  });

  it('keeps 15:00 Milan for day offsets across the fall-back night', () => {
    // 28 October 2018 15:00 CET is 14:00Z; 27 October 15:00 CEST is 13:00Z.
    const launch = rome('2018-10-28T14:00:00Z');
    expect(iso(dueBefore(launch, d('1d'), '10:00'))).toBe('2018-10-27T13:00:00.000Z');
    expect(iso(dueBefore(launch, d('1w'), '10:00'))).toBe('2018-10-21T13:00:00.000Z');
    expect(iso(dueBefore(launch, d('1h'), '10:00'))).toBe('2018-10-28T13:00:00.000Z');
  });

  it('moves a day offset that lands in the skipped hour forward by the gap', () => {
    // 26 March 2018 02:30 CEST; the day before, 02:30 does not exist in Paris → 03:30 CEST.
    const launch = paris('2018-03-26T00:30:00Z');
    expect(iso(dueBefore(launch, d('1d'), '10:00'))).toBe('2018-03-25T01:30:00.000Z');
  });

  it('counts a date-only event in days at the configured local hour, and has no hour milestones', () => {
    const launch = { start: { kind: 'date' as const, date: '2018-05-24' }, zone: 'Europe/Rome' };
    expect(iso(dueBefore(launch, d('7d'), '10:00'))).toBe('2018-05-17T08:00:00.000Z');
    expect(iso(dueBefore(launch, d('0'), '10:00'))).toBe('2018-05-24T08:00:00.000Z');
    expect(dueBefore(launch, d('12h'), '10:00')).toBeUndefined();
  });
});

describe('planEvent', () => {
  it('plans every milestone and "live now" for each following target, in the target language', () => {
    const posts = planEvent(
      event({}),
      [target('telegram:-100'), target('telegram:-200', { locale: 'it' })],
      [],
      rules,
    );
    const forFirst = posts.filter((p) => p.targetKey === 'telegram:-100');
    expect(forFirst.map((p) => `${p.kind}:${p.slot}@${iso(p.due)}`)).toEqual([
      'countdown:30d@2018-04-22T12:00:00.000Z',
      'countdown:7d@2018-05-15T12:00:00.000Z',
      'countdown:1d@2018-05-21T12:00:00.000Z',
      'countdown:12h@2018-05-22T00:00:00.000Z',
      'countdown:1h@2018-05-22T11:00:00.000Z',
      'countdown:15m@2018-05-22T11:45:00.000Z',
      'live:0@2018-05-22T12:00:00.000Z',
    ]);
    expect(posts.filter((p) => p.targetKey === 'telegram:-200').every((p) => p.locale === 'it')).toBe(true);
    expect(new Set(posts.map((p) => p.key)).size).toBe(posts.length);
  });

  it('skips targets that do not follow the event, are disabled, or do not want the kind', () => {
    const posts = planEvent(
      event({}),
      [
        target('telegram:-1', { follows: { tags: ['other'], events: [] } }),
        target('telegram:-2', { enabled: false }),
        target('telegram:-3', { kinds: ['live'] }),
      ],
      [],
      rules,
    );
    expect(posts.map((p) => `${p.targetKey} ${p.kind}`)).toEqual(['telegram:-3 live']);
  });

  it('plans day milestones only for a date-only event, and re-plans them when the hour is set', () => {
    const tba = planEvent(
      event({ start: { kind: 'date', date: '2018-05-22' } }),
      [target('telegram:-1')],
      [],
      rules,
    );
    expect(tba.map((p) => `${p.slot}@${iso(p.due)}`)).toEqual([
      '30d@2018-04-22T08:00:00.000Z',
      '7d@2018-05-15T08:00:00.000Z',
      '1d@2018-05-21T08:00:00.000Z',
      '0@2018-05-22T08:00:00.000Z',
    ]);
    const timed = planEvent(
      event({
        start: {
          kind: 'instant',
          at: wallTimeToInstant({ year: 2018, month: 5, day: 22, hour: 14, minute: 0 }, 'Europe/Paris'),
        },
      }),
      [target('telegram:-1')],
      [],
      rules,
    );
    // Same keys for the day milestones, so a re-plan moves them instead of duplicating.
    expect(timed.find((p) => p.slot === '7d')?.key).toBe(tba.find((p) => p.slot === '7d')?.key);
    expect(timed.map((p) => p.slot)).toContain('15m');
  });

  it('plans one set of DM reminders per subscriber, whether by event or by tag', () => {
    const posts = planEvent(
      event({}),
      [],
      [
        {
          platform: 'telegram',
          userId: '42',
          topic: 'tag:mi8',
          originChatId: '-100',
          locale: 'it',
          zone: 'Europe/Rome',
          createdAt: 0,
        },
        {
          platform: 'telegram',
          userId: '42',
          topic: 'event:mi8-fr',
          originChatId: '-100',
          locale: 'fr',
          zone: 'Europe/Paris',
          createdAt: 1,
        },
        {
          platform: 'discord',
          userId: '7',
          topic: 'tag:other',
          originChatId: '1',
          locale: 'en',
          zone: 'UTC',
          createdAt: 0,
        },
      ],
      rules,
    );
    expect(posts.map((p) => `${p.key} ${p.locale}`)).toEqual([
      'mi8-fr|reminder|1d|telegram:dm:42 fr',
      'mi8-fr|reminder|1h|telegram:dm:42 fr',
    ]);
  });

  it('plans nothing for a cancelled or postponed event', () => {
    expect(planEvent(event({ status: 'cancelled' }), [target('telegram:-1')], [], rules)).toEqual([]);
    expect(planEvent(event({ status: 'postponed' }), [target('telegram:-1')], [], rules)).toEqual([]);
  });
});
