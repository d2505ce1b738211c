import { describe, expect, it } from 'vitest';
import { CommandCooldown } from '../../src/commands/cooldown.js';

const T0 = Date.parse('2018-05-22T11:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

const cooldown = (maxEntries?: number) =>
  new CommandCooldown({
    perUser: { commands: 3, windowMs: 60_000 },
    perChat: { commands: 5, windowMs: 60_000 },
    ...(maxEntries === undefined ? {} : { maxEntries }),
  });

describe('command cooldown', () => {
  it('runs N commands per person per window, warns once, then stays silent until the window has room', () => {
    const c = cooldown();
    expect(c.check(s(0), 'g', 'alice')).toEqual({ action: 'run' });
    expect(c.check(s(10), 'g', 'alice')).toEqual({ action: 'run' });
    expect(c.check(s(20), 'g', 'alice')).toEqual({ action: 'run' });
    // The 4th within a minute of the 1st: one warning, until the 1st leaves the window.
    expect(c.check(s(21), 'g', 'alice')).toEqual({ action: 'warn', scope: 'user', until: s(60) });
    expect(c.check(s(22), 'g', 'alice')).toEqual({ action: 'ignore', scope: 'user', until: s(60) });
    expect(c.check(s(59.999), 'g', 'alice')).toEqual({ action: 'ignore', scope: 'user', until: s(60) });
    // Silenced commands did not count: at 60 s the window holds the commands at 10 s and 20 s.
    expect(c.check(s(60), 'g', 'alice')).toEqual({ action: 'run' });
    expect(c.check(s(61), 'g', 'alice')).toEqual({ action: 'warn', scope: 'user', until: s(70) });
  });

  it('counts a person per chat, and other people apart', () => {
    const c = cooldown();
    for (const at of [0, 1, 2]) expect(c.check(s(at), 'g1', 'alice').action).toBe('run');
    expect(c.check(s(3), 'g1', 'alice').action).toBe('warn');
    expect(c.check(s(3), 'g2', 'alice').action).toBe('run');
    expect(c.check(s(3), 'g1', 'bob').action).toBe('run');
  });

  it('limits a chat as a whole: one warning for the chat, then silence for everyone in it', () => {
    const c = cooldown();
    const users = ['a', 'b', 'c', 'd', 'e'];
    users.forEach((user, i) => {
      expect(c.check(s(i), 'g', user)).toEqual({ action: 'run' });
    });
    expect(c.check(s(10), 'g', 'f')).toEqual({ action: 'warn', scope: 'chat', until: s(60) });
    expect(c.check(s(11), 'g', 'a')).toEqual({ action: 'ignore', scope: 'chat', until: s(60) });
    expect(c.check(s(12), 'g', 'g')).toEqual({ action: 'ignore', scope: 'chat', until: s(60) });
    expect(c.check(s(12), 'other', 'a')).toEqual({ action: 'run' });
    expect(c.check(s(60), 'g', 'g')).toEqual({ action: 'run' });
  });

  it('a person already silenced stays silent, whatever the chat does', () => {
    const c = cooldown();
    for (const at of [0, 1, 2]) c.check(s(at), 'g', 'alice');
    expect(c.check(s(3), 'g', 'alice').action).toBe('warn');
    c.check(s(4), 'g', 'bob');
    c.check(s(5), 'g', 'bob');
    expect(c.check(s(6), 'g', 'carol').action).toBe('warn'); // the chat is full now
    expect(c.check(s(7), 'g', 'alice')).toEqual({ action: 'ignore', scope: 'user', until: s(60) });
  });

  it('stays bounded: a flood of 100,000 people keeps at most maxEntries each', () => {
    const c = cooldown(1_000);
    for (let i = 0; i < 100_000; i++) c.check(s(i / 1000), `chat${i % 5000}`, `user${i}`);
    expect(c.size().users).toBeLessThanOrEqual(1_000);
    expect(c.size().chats).toBeLessThanOrEqual(1_000);
  });

  it('forgets people and chats whose window and cooldown are over', () => {
    const c = cooldown();
    for (let i = 0; i < 50; i++) c.check(s(0), `chat${i}`, `user${i}`);
    for (const at of [0, 1, 2, 3]) c.check(s(at), 'g', 'alice'); // alice: silent until 60 s
    expect(c.size()).toEqual({ users: 51, chats: 51 });
    c.check(s(59), 'h', 'zed');
    expect(c.size()).toEqual({ users: 52, chats: 52 }); // nothing is over yet
    c.check(s(61), 'h', 'zed');
    // Only what ran in the last minute is left: zed in h, alice in g (her command at 2 s).
    expect(c.size()).toEqual({ users: 2, chats: 2 });
    c.check(s(121), 'h', 'zed');
    expect(c.size()).toEqual({ users: 1, chats: 1 });
  });
});
