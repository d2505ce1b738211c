/**
 * A store's tables as tables, for the operator's tools (`herald db status`, `herald db copy`):
 * what the schema is at, and every row of every table, read in one snapshot and written in
 * one transaction. Values are what both databases share: strings, numbers and nulls.
 */
export interface StoreTables {
  /** The schema versions applied, and the newest this build of Herald knows. */
  schema(): Promise<{ readonly applied: readonly number[]; readonly latest: number }>;
  /** Herald's tables, sorted by name (the migrations' own bookkeeping aside). */
  tables(): Promise<string[]>;
  /** A table's columns, in their order. */
  columns(table: string): Promise<string[]>;
  /** Reads in one consistent snapshot: what `work` sees does not change while it runs. */
  snapshot<T>(work: (reader: TableReader) => Promise<T>): Promise<T>;
  /** Writes in one transaction: when `work` throws, nothing of it stays. */
  write<T>(work: (writer: TableWriter) => Promise<T>): Promise<T>;
}

export type TableRow = readonly (string | number | null)[];

export interface TableReader {
  count(table: string): Promise<number>;
  /** Every row, in batches of at most `batch`, values in the order of `columns`. */
  rows(table: string, columns: readonly string[], batch: number): AsyncIterable<TableRow[]>;
}

export interface TableWriter {
  count(table: string): Promise<number>;
  clear(table: string): Promise<void>;
  insert(table: string, columns: readonly string[], rows: readonly TableRow[]): Promise<void>;
}

/** A table or column name as Herald's migrations write them; anything else is refused, never quoted in. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`not a table or column name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
