interface Compiled {
  readonly text: string;
  readonly names: readonly string[];
}

const compiled = new Map<string, Compiled>();

/**
 * A statement written with named parameters (`@now`, as the SQLite store writes them) as
 * `pg` takes it: `$1…$n` and the values in that order; a name used twice is one parameter.
 */
export function named(sql: string, params: Readonly<Record<string, unknown>>): [string, unknown[]] {
  let c = compiled.get(sql);
  if (!c) {
    const names: string[] = [];
    const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    });
    c = { text, names };
    compiled.set(sql, c);
  }
  return [
    c.text,
    c.names.map((name) => {
      if (!(name in params)) throw new Error(`statement parameter @${name} has no value`);
      return params[name];
    }),
  ];
}
