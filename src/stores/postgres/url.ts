import { REDACTED } from '../../core/redact.js';

/**
 * A database URL taken apart once, the way `pg` takes it apart (pg-connection-string: WHATWG
 * URL, retried with a dummy host for `user@/db`), for what Herald prints and redacts.
 */
export interface DatabaseUrl {
  /** The URL for messages: user, host, port, database and parameters as written; the password and every `…password=` parameter `[redacted]`. */
  readonly display: string;
  /** The password and `…password=` parameter values, as written and decoded: registered as secrets. */
  readonly secrets: readonly string[];
  /** Why the driver cannot use it (undefined when it parses). */
  readonly problem: string | undefined;
}

const INVALID = 'it is not a valid URL';

/** Query parameters that hold a password (`password`, `sslpassword`). */
const SECRET_PARAM = /password$/i;

function decode(text: string, plus = false): string {
  try {
    return decodeURIComponent(plus ? text.replace(/\+/g, ' ') : text);
  } catch {
    return text;
  }
}

/** A query string (without `?`) with its secret values redacted, and those values. */
function query(search: string): { text: string; secrets: string[] } {
  const secrets: string[] = [];
  const text = search
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !SECRET_PARAM.test(decode(pair.slice(0, eq), true))) return pair;
      const value = pair.slice(eq + 1);
      secrets.push(value, decode(value, true));
      return `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
  return { text, secrets };
}

/** As pg-connection-string prepares a string with spaces or stray `%` before parsing it. */
function driverForm(url: string): string {
  return / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(url) ? encodeURI(url).replace(/%25(\d\d)/g, '%$1') : url;
}

function whatwg(url: string): URL | undefined {
  const form = driverForm(url);
  try {
    return new URL(form, 'postgres://base');
  } catch {
    try {
      return new URL(form.replace('@/', '@___DUMMY___/'), 'postgres://base');
    } catch {
      return undefined;
    }
  }
}

export function parseDatabaseUrl(url: string): DatabaseUrl {
  const parsed = whatwg(url);
  // A `/` or `?` in a password that is not encoded ends the host early: what follows lands
  // in the path, `@` and all. Taken apart as written instead (and the driver refuses it).
  if (parsed !== undefined && !parsed.pathname.includes('@') && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const secrets = parsed.password === '' ? [] : [parsed.password, decode(parsed.password)];
    const params = query(parsed.search.slice(1));
    const user = parsed.username;
    const credentials =
      user === '' && parsed.password === '' ? '' : `${user}${parsed.password === '' ? '' : `:${REDACTED}`}@`;
    const host = parsed.host === '___DUMMY___' ? '' : parsed.host;
    return {
      display: `${parsed.protocol}//${credentials}${host}${parsed.pathname}${params.text === '' ? '' : `?${params.text}`}`,
      secrets: [...secrets, ...params.secrets],
      problem: undefined,
    };
  }
  return fallback(
    url,
    parsed === undefined
      ? INVALID
      : /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
        ? 'an `@` after the host: a `/`, `?` or `#` in the user or password must be URL-encoded (%2F, %3F, %23)'
        : 'it has no `//` after the scheme',
  );
}

/**
 * Taken apart by hand, erring towards redacting too much: a `…password=` parameter first,
 * then everything between the first `:` after the scheme's slashes and the last `@`.
 */
function fallback(url: string, problem: string): DatabaseUrl {
  const scheme = /^([a-z][a-z0-9+.-]*:)(\/*)/i.exec(url);
  const head = scheme?.[0] ?? '';
  let rest = url.slice(head.length);
  const secrets: string[] = [];
  const mark = rest.indexOf('?');
  if (mark >= 0) {
    const params = query(rest.slice(mark + 1).replace(/#.*$/, ''));
    secrets.push(...params.secrets);
    rest = `${rest.slice(0, mark)}${params.text === '' ? '' : `?${params.text}`}`;
  }
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at >= 0 && colon >= 0 && colon < at) {
    const password = rest.slice(colon + 1, at);
    secrets.push(password, decode(password));
    rest = `${rest.slice(0, colon + 1)}${REDACTED}${rest.slice(at)}`;
  }
  return {
    display: `${head}${rest}`,
    secrets: secrets.filter((s) => s !== ''),
    problem: problem === INVALID ? (portProblem(rest) ?? problem) : problem,
  };
}

/** A port out of range or not a number: the usual reason a URL does not parse. */
function portProblem(rest: string): string | undefined {
  const port = /^[^/?#]*?:([^/?#:]*)(?:[/?#]|$)/.exec(rest.slice(rest.lastIndexOf('@') + 1))?.[1];
  if (port === undefined || port === '') return undefined;
  if (!/^\d+$/.test(port)) return 'the port is not a number';
  return Number(port) > 65_535 ? `the port ${port} is above 65535` : undefined;
}
