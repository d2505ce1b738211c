/**
 * A first reading of an iCalendar text that keeps what ical.js does not: the line each
 * component and property is written on. Lines are unfolded (RFC 5545 §3.1: a line starting
 * with a space or a tab continues the one before); each logical line keeps the number of its
 * first physical line, so an issue names the line an editor shows. The scan also finds the
 * structural faults ical.js reports without a line (a component never closed, an END that
 * closes nothing, a line with no `:`, a text that is not a calendar at all).
 */

/** A problem found in a calendar file; `line` is the physical line (1-based) it is on. */
export interface IcsIssue {
  readonly line?: number;
  /** The component and property it is about, e.g. `VEVENT.DTSTART`. */
  readonly path: string;
  readonly value?: string;
  readonly message: string;
  readonly fix: string;
}

export interface IcsProperty {
  /** Upper-case, e.g. `DTSTART`. */
  readonly name: string;
  /** Parameters, names upper-case, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
  readonly line: number;
}

export interface IcsComponent {
  /** Upper-case, e.g. `VEVENT`. */
  readonly name: string;
  readonly line: number;
  readonly properties: IcsProperty[];
  readonly components: IcsComponent[];
}

export interface IcsScan {
  /** The VCALENDAR, when the text is one. */
  readonly calendar?: IcsComponent;
  readonly issues: readonly IcsIssue[];
}

/** Logical lines with the physical line each starts on. */
export function unfold(text: string): { text: string; line: number }[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: { text: string; line: number }[] = [];
  physical.forEach((raw, index) => {
    const last = out[out.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) last.text += raw.slice(1);
    else if (raw.trim() !== '') out.push({ text: raw, line: index + 1 });
  });
  return out;
}

/** `NAME;P=V;Q="a:b":value` → its parts; undefined when there is no `:` outside quotes. */
export function splitContentLine(
  text: string,
): { name: string; params: Record<string, string>; value: string } | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const head = text.slice(0, colon);
  const parts: string[] = [];
  let current = '';
  quoted = false;
  for (const c of head) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const name = (parts.shift() ?? '').trim().toUpperCase();
  if (name === '') return undefined;
  const params: Record<string, string> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params[part.slice(0, eq).trim().toUpperCase()] = part.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name, params, value: text.slice(colon + 1) };
}

/** The shape of the text, with the line of everything in it, and its structural faults. */
export function scanIcs(text: string): IcsScan {
  const lines = unfold(text);
  const issues: IcsIssue[] = [];
  const first = lines[0];
  if (!first) {
    return {
      issues: [
        {
          path: '',
          message: 'is empty',
          fix: 'export the calendar again as .ics (a source that answered with nothing keeps its previous events)',
        },
      ],
    };
  }
  if (first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    return {
      issues: [
        {
          line: first.line,
          path: '',
          value: first.text.slice(0, 60),
          message: 'is not an iCalendar file: it does not start with BEGIN:VCALENDAR',
          fix: 'give the .ics export of the calendar (an address that answers with a web page or an error page is not one)',
        },
      ],
    };
  }
  const stack: IcsComponent[] = [];
  let calendar: IcsComponent | undefined;
  for (const { text: content, line } of lines) {
    const parts = splitContentLine(content);
    if (!parts) {
      issues.push({
        line,
        path: stack.map((c) => c.name).join('.'),
        value: content.slice(0, 60),
        message: 'is not an iCalendar line (no ":" between the name and the value)',
        fix: 'write NAME:value; a long value continues on the next line only after a space (folding)',
      });
      continue;
    }
    const top = stack[stack.length - 1];
    if (parts.name === 'BEGIN') {
      const component: IcsComponent = {
        name: parts.value.trim().toUpperCase(),
        line,
        properties: [],
        components: [],
      };
      if (top) top.components.push(component);
      else if (calendar) {
        issues.push({
          line,
          path: component.name,
          message: `starts a second ${component.name} after END:VCALENDAR`,
          fix: 'import each calendar on its own, or merge their VEVENTs into one VCALENDAR',
        });
        break;
      } else calendar = component;
      stack.push(component);
    } else if (parts.name === 'END') {
      const name = parts.value.trim().toUpperCase();
      if (!top || top.name !== name) {
        issues.push({
          line,
          path: stack.map((c) => c.name).join('.'),
          value: `END:${name}`,
          message: top
            ? `closes ${name}, but the ${top.name} begun at line ${top.line} is still open`
            : `closes ${name}, which was never begun`,
          fix: top ? `add END:${top.name} before this line, or remove this one` : 'remove this line',
        });
        break;
      }
      stack.pop();
    } else if (top) {
      top.properties.push({ name: parts.name, params: parts.params, value: parts.value, line });
    } else {
      issues.push({
        line,
        path: parts.name,
        message: 'is outside BEGIN:VCALENDAR … END:VCALENDAR',
        fix: 'move it inside the calendar, or remove it',
      });
    }
  }
  const open = stack[stack.length - 1];
  if (open && issues.length === 0) {
    const last = lines[lines.length - 1]?.line ?? open.line;
    issues.push({
      line: open.line,
      path: stack.map((c) => c.name).join('.'),
      value: `BEGIN:${open.name}`,
      message: `is never closed (the text ends at line ${last} without END:${open.name})`,
      fix: 'the file was cut short: download or export it again',
    });
  }
  return { ...(calendar ? { calendar } : {}), issues };
}
