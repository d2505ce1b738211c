import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colourFor } from '../../src/adapters/console/colour.js';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.js';
import { type ConsoleEnd, ConsoleScreen } from '../../src/adapters/console/screen.js';
import { banner, endsWithInput } from '../../src/cli/console-session.js';
import { createLogger } from '../../src/core/logger.js';
import { FakeClock, settle } from '../fakes/fake-clock.js';

/** A stream that records what is written to it; `tty` makes it look like a terminal. */
function sink(tty = false) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = 80;
  }
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

const ESC = '\u001b';
/** What a terminal shows of `text`, its control sequences left out. */
const visible = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '');

describe('the console', () => {
  it('stops on quit, exit or /quit without running them, and on the end of its input', async () => {
    for (const line of ['quit', 'exit', '  /QUIT  ']) {
      const input = new PassThrough();
      const ends: ConsoleEnd[] = [];
      const commands: string[] = [];
      const adapter = new ConsoleAdapter({
        input,
        output: sink().stream,
        clock: new FakeClock('2018-05-20T10:00:00Z'),
        zone: 'Europe/Paris',
        onEnd: (why) => ends.push(why),
      });
      await adapter.start({ onCommand: async (c) => void commands.push(c.name) });
      input.write(`/next\n${line}\n`);
      await settle();
      expect(commands).toEqual(['next']);
      expect(ends).toEqual(['quit']);
      await adapter.stop(); // closing the input after quit is not a second end
      expect(ends).toEqual(['quit']);
    }
    const input = new PassThrough();
    const ends: ConsoleEnd[] = [];
    const screen = new ConsoleScreen({ input, output: sink().stream });
    screen.listen(
      () => {},
      (why) => ends.push(why),
    );
    input.end('/next\n'); // Ctrl-D, or the end of a piped script
    await settle();
    expect(ends).toEqual(['eof']);
  });

  it('shows a prompt on a terminal and writes posts above it, the typed line kept', async () => {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean };
    input.isTTY = true;
    const out = sink(true);
    const screen = new ConsoleScreen({ input, output: out.stream, interactive: true, prompt: 'herald> ' });
    screen.listen(
      () => {},
      () => {},
    );
    await settle();
    expect(visible(out.text())).toBe('herald> ');
    input.write('/cou'); // typing, not yet sent
    await settle();
    const typed = out.text().length;
    screen.show(
      '  ⏳ Mi 8 launch — France: 1 day to go',
      '── 2018-05-21 14:00 → console:main · countdown · en ──',
    );
    await settle();
    const after = out.text().slice(typed);
    // The prompt's line is cleared, the post written, and the prompt drawn again with what was typed.
    expect(after.startsWith(`${ESC}[2K${ESC}[1G── 2018-05-21 14:00`)).toBe(true);
    expect(visible(after)).toBe(
      '── 2018-05-21 14:00 → console:main · countdown · en ──\n  ⏳ Mi 8 launch — France: 1 day to go\nherald> /cou',
    );
    screen.close();
  });

  it('sends log lines to stderr, dimmed on a colour terminal, apart from what readers see', () => {
    const out = sink();
    const logs = sink();
    const screen = new ConsoleScreen({ output: out.stream, logs: logs.stream, colour: true });
    const logger = createLogger({ level: 'info', destination: screen.logStream(), human: true });
    logger.info({ zone: 'Europe/Paris' }, 'digests queued');
    screen.show('  ⏳ Mi 8', '── 2018-05-21 14:00 → console:main · countdown · en ──');
    expect(logs.text()).toMatch(
      new RegExp(`^${ESC}\\[2m\\d\\d:\\d\\d:\\d\\d INFO digests queued {2}zone=Europe/Paris${ESC}\\[22m\\n$`),
    );
    expect(out.text()).toBe(
      `${ESC}[1m${ESC}[36m── 2018-05-21 14:00 → console:main · countdown · en ──${ESC}[39m${ESC}[22m\n  ⏳ Mi 8\n`,
    );
    const plain = sink();
    new ConsoleScreen({ output: plain.stream, colour: false }).show('  ⏳ Mi 8', '── header ──');
    expect(plain.text()).toBe('── header ──\n  ⏳ Mi 8\n');
  });

  it('uses colours on a terminal unless NO_COLOR is set; FORCE_COLOR forces them, even into a pipe', () => {
    const terminal = { isTTY: true, hasColors: () => true };
    const pipe = { isTTY: false };
    expect(colourFor({}, terminal)).toBe(true);
    expect(colourFor({}, pipe)).toBe(false);
    expect(colourFor({ NO_COLOR: '1' }, terminal)).toBe(false);
    expect(colourFor({ NO_COLOR: '' }, terminal)).toBe(true); // no-color.org: only a non-empty value
    expect(colourFor({ FORCE_COLOR: '1' }, pipe)).toBe(true);
    expect(colourFor({ FORCE_COLOR: '0' }, terminal)).toBe(false);
    expect(colourFor({ TERM: 'dumb' }, { isTTY: true, hasColors: () => false })).toBe(false);
  });

  it('says how to leave, and when the end of input stops Herald', () => {
    expect(banner({ speed: 3600 })).toBe(
      'Herald is running on the console. Type /help for commands; quit, exit or Ctrl-D to leave.',
    );
    expect(banner({ rehearse: '2018-05-14T08:00', speed: 7200 })).toBe(
      'Rehearsal from 2018-05-14T08:00 at 7200× speed (a virtual hour every 500 ms).\nType /help for commands; quit, exit or Ctrl-D to leave.',
    );
    expect(endsWithInput('terminal', false)).toBe(true); // Ctrl-D at the keyboard
    expect(endsWithInput('script', true)).toBe(true); // `herald start < commands.txt`
    expect(endsWithInput('script', false)).toBe(false); // a bot with tokens whose stdin closed
    expect(endsWithInput('none', true)).toBe(false); // /dev/null: a service, a container without -i
  });
});

describe('the console adapter', () => {
  it('answers in the language of whoever types, where the chat has none', async () => {
    const input = new PassThrough();
    const seen: (string | undefined)[] = [];
    const adapter = new ConsoleAdapter({
      input,
      output: sink().stream,
      clock: new FakeClock('2018-05-20T10:00:00Z'),
      zone: 'Europe/Paris',
      userLocale: 'it',
    });
    await adapter.start({ onCommand: async (c) => void seen.push(c.userLocale) });
    input.write('/next\n');
    await settle();
    expect(seen).toEqual(['it']);
    await adapter.stop();
  });
});
