import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import { type Paint, paint } from './colour.js';

export interface ConsoleScreenOptions {
  /** Where lines are typed; none for a screen that only shows posts. */
  readonly input?: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where log lines go (stderr): apart from what readers would see. */
  readonly logs?: NodeJS.WritableStream;
  /** A terminal on both ends: show a prompt and let readline edit the line. */
  readonly interactive?: boolean;
  readonly prompt?: string;
  /** ANSI colours (decided by `colourFor`: a terminal, NO_COLOR, FORCE_COLOR). */
  readonly colour?: boolean;
}

/** Why the console stopped taking lines: someone typed quit or exit, or the input ended. */
export type ConsoleEnd = 'quit' | 'eof';

/** Lines that leave the console instead of running as a command. */
const QUIT = /^\s*\/?(quit|exit)\s*$/i;

/**
 * The terminal the console adapters share: what readers would see goes to `output` (a post's
 * header in colour, its text as is), log lines go to `logs`, dimmed, and on a terminal every
 * write lands above the prompt, which is drawn again with what was being typed.
 */
export class ConsoleScreen {
  readonly paint: Paint;
  private rl: Interface | undefined;
  private prompting = false;

  constructor(private readonly opts: ConsoleScreenOptions) {
    this.paint = paint(opts.colour === true);
  }

  get interactive(): boolean {
    return this.opts.interactive === true;
  }

  /**
   * Calls `onLine` for every line typed, and `onEnd` once when someone types quit or exit, or
   * the input ends (Ctrl-D, the end of a piped script).
   */
  listen(onLine: (line: string) => void, onEnd: (why: ConsoleEnd) => void): void {
    const { input } = this.opts;
    if (!input || this.rl) return;
    const rl = createInterface({
      input,
      output: this.interactive ? this.opts.output : undefined,
      terminal: this.interactive,
    });
    this.rl = rl;
    let ended = false;
    const end = (why: ConsoleEnd) => {
      if (ended) return;
      ended = true;
      this.prompting = false;
      onEnd(why);
    };
    rl.on('line', (line) => {
      if (QUIT.test(line)) {
        end('quit');
        return;
      }
      onLine(line);
    });
    rl.on('close', () => end('eof'));
    // Ctrl-C on a terminal reaches readline, not the process: hand it on as the signal it means.
    rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    if (this.interactive) {
      rl.setPrompt(this.opts.prompt ?? '> ');
      this.showPrompt();
    }
  }

  /** Text for readers (posts, answers); `header` is the line above a post. */
  show(text: string, header?: string): void {
    const block = header === undefined ? text : `${this.paint.header(header)}\n${text}`;
    this.above(this.opts.output, block.endsWith('\n') ? block : `${block}\n`);
  }

  /** A line about the console itself (the banner, "rehearsal finished"). */
  note(text: string): void {
    this.above(this.opts.output, `${this.paint.note(text)}\n`);
  }

  /** A stream for the logger: each line dimmed, above the prompt, on `logs`. */
  logStream(): { write(line: string): void } {
    const logs = this.opts.logs ?? this.opts.output;
    return {
      write: (line: string) => {
        const text = line.endsWith('\n') ? line.slice(0, -1) : line;
        this.above(logs, `${this.paint.log(text)}\n`);
      },
    };
  }

  /** Draws the prompt again (after an answer). */
  showPrompt(): void {
    if (!this.interactive || !this.rl) return;
    this.prompting = true;
    this.rl.prompt(true);
  }

  close(): void {
    this.prompting = false;
    this.rl?.close();
    this.rl = undefined;
  }

  /** Writes `text` above the prompt: clears the prompt's line, writes, draws the prompt again. */
  private above(stream: NodeJS.WritableStream, text: string): void {
    const { output } = this.opts;
    if (!this.prompting) {
      stream.write(text);
      return;
    }
    clearLine(output, 0);
    cursorTo(output, 0);
    stream.write(text);
    this.rl?.prompt(true);
  }
}
