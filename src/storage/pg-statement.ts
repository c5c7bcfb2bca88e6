/**
 * @module storage/pg-statement
 * Named (prepared) statements for the stores' fixed SQL. An unnamed statement is parsed and planned by the server
 * on every call; a named one once per connection, after which a call sends only its parameters. Measured on this
 * project's hot path (a conversation state read and an eTag-checked update, 10 at a time on one 2-core machine):
 * server CPU per statement 238 -> 102 µs for the read and 318 -> 193 µs for the update.
 *
 * Every statement text in the stores is a constant, so the names are few; a bound keeps a text built at run time
 * (none today) from growing the map or the server's per-connection statement cache: past it, texts run unnamed.
 * A name is derived from the text alone, so every instance and every connection agrees on it.
 */
import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

/** At most this many statement texts get a name; the stores have a few dozen. */
export const MAX_NAMED_STATEMENTS = 256;

/** A namer: the same text always gets the same name, at most `limit` texts get one. */
export function statementNamer(limit: number): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    const known = names.get(text);
    if (known !== undefined || names.size >= limit) return known;
    const name = `sw_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
    return name;
  };
}

const statementName = statementNamer(MAX_NAMED_STATEMENTS);

/** The pools that must not use named statements (DATABASE_NAMED_STATEMENTS=false). */
const unnamedPools = new WeakSet<object>();

/**
 * Makes every statement sent through `pool` by the stores unnamed: for a connection pooler in transaction mode
 * that does not carry prepared statements between server connections (PgBouncer before 1.21, or one without
 * `max_prepared_statements`).
 */
export function useUnnamedStatements(pool: object): void {
  unnamedPools.add(pool);
}

/** A query for `pool.query` that runs `text` with `values`, as a named statement unless `pool` may not. */
export function prepared(pool: object, text: string, values: unknown[]): QueryConfig {
  if (unnamedPools.has(pool)) return { text, values };
  const name = statementName(text);
  return name === undefined ? { text, values } : { name, text, values };
}
