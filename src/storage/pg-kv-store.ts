/**
 * @module storage/pg-kv-store
 * The PostgreSQL KeyValueStore for deployments with more than one bot instance. The eTag check is part of the
 * UPDATE's WHERE clause, so concurrent writers across processes cannot overwrite each other unseen. Recently used
 * items are kept in a bounded in-process cache, but every read still asks the database for the current eTag: the
 * item itself is sent only when it differs from the cached one, so a write by another instance is always seen.
 */
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { ConcurrencyError, StorageError } from "../errors.js";
import type { KeyValueStore, StoreItem } from "./key-value-store.js";
import { keyId } from "../util/key-id.js";
import { ensureSchema } from "./pg-migrations.js";
import { prepared } from "./pg-statement.js";

/** Returns the store once the schema is current (see pg-migrations); state lives in table `bot_state`. */
export async function openPgKeyValueStore(pool: Pool): Promise<KeyValueStore> {
  await ensureSchema(pool);
  return new PgKeyValueStore(pool, "bot_state");
}

/** How many items the in-process cache keeps (the most recently used; a conversation's state is a few KB). */
export const PG_KV_CACHE_ENTRIES = 5000;

/** A cached item: the JSON text as stored, and the eTag it was stored under. */
interface CachedItem {
  json: string;
  eTag: string;
}

class PgKeyValueStore implements KeyValueStore {
  /** Recently used items by key, each as its stored JSON text with its eTag; Map order is the recency order. */
  private readonly cache = new Map<string, CachedItem>();

  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  private remember(key: string, item: CachedItem): void {
    this.cache.delete(key);
    this.cache.set(key, item);
    if (this.cache.size > PG_KV_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }

  async read(keys: string[]): Promise<Record<string, StoreItem>> {
    if (keys.length === 0) return {};
    // What is cached now: a write while the query runs may replace an entry, and the answer refers to this one.
    const known = new Map(keys.map((k) => [k, this.cache.get(k)]));
    // The item only where the stored eTag differs from the cached one (or nothing is cached).
    const res = await this.query<{ key: string; etag: string; item: string | null }>(
      `SELECT s.key, s.etag, CASE WHEN s.etag IS DISTINCT FROM k.etag THEN s.item::text END AS item
         FROM unnest($1::text[], $2::text[]) AS k(key, etag) JOIN ${this.table} s ON s.key = k.key`,
      [keys, keys.map((k) => known.get(k)?.eTag ?? null)],
    );
    const out: Record<string, StoreItem> = {};
    for (const row of res) {
      const json = row.item ?? (known.get(row.key) as CachedItem).json;
      const current = this.cache.get(row.key);
      // Unless a write in this process has cached a newer version meanwhile.
      if (current === undefined || current === known.get(row.key))
        this.remember(row.key, { json, eTag: row.etag });
      out[row.key] = { ...(JSON.parse(json) as StoreItem), eTag: row.etag };
    }
    for (const key of keys) if (!(key in out)) this.cache.delete(key);
    return out;
  }

  async write(changes: Record<string, StoreItem>): Promise<void> {
    for (const [key, incoming] of Object.entries(changes)) {
      const { eTag, ...rest } = incoming;
      const next = randomUUID();
      const item = JSON.stringify(rest);
      // What a read would return: the stored JSON, not the caller's object (which the caller may go on changing).
      const written = () => this.remember(key, { json: item, eTag: next });
      if (!eTag || eTag === "*") {
        await this.query(
          `INSERT INTO ${this.table} (key, etag, item) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, item = EXCLUDED.item, updated_at = now()`,
          [key, next, item],
        );
        written();
        continue;
      }
      const updated = await this.query(
        `UPDATE ${this.table} SET etag = $2, item = $3, updated_at = now() WHERE key = $1 AND etag = $4 RETURNING key`,
        [key, next, item, eTag],
      );
      if (updated.length === 1) {
        written();
        continue;
      }
      const inserted = await this.query(
        `INSERT INTO ${this.table} (key, etag, item) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`,
        [key, next, item],
      );
      if (inserted.length !== 1) {
        this.cache.delete(key);
        throw new ConcurrencyError(`eTag conflict writing key ${keyId(key)}`);
      }
      written();
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.cache.delete(key);
    if (keys.length > 0) await this.query(`DELETE FROM ${this.table} WHERE key = ANY($1)`, [keys]);
  }

  async purgeIdle(prefix: string, cutoff: Date, dryRun: boolean): Promise<number> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const sql = dryRun
      ? `SELECT key FROM ${this.table} WHERE key LIKE $1 AND updated_at < $2`
      : `DELETE FROM ${this.table} WHERE key LIKE $1 AND updated_at < $2 RETURNING key`;
    const purged = await this.query<{ key: string }>(sql, [like, cutoff]);
    if (!dryRun) for (const { key } of purged) this.cache.delete(key);
    return purged.length;
  }

  async checkWritable(): Promise<void> {
    const key = `__probe__/${randomUUID()}`;
    await this.write({ [key]: { ok: true } });
    await this.delete([key]);
  }

  async close(): Promise<void> {
    // The pool is owned by the caller (shared with the case store); nothing to release here.
  }

  /**
   * Runs one statement. A connection the server dropped while it sat in the pool (a failover, a restart) fails the
   * first statement sent on it; that statement is tried once more on a fresh connection. Repeating is safe here:
   * reads and upserts give the same result, and an eTag-checked update that did run the first time fails its eTag
   * check on the retry (a conflict), so nothing is written twice.
   */
  private async query<R>(sql: string, params: unknown[]): Promise<R[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const res = await this.pool.query(prepared(this.pool, sql, params));
        return res.rows as R[];
      } catch (cause) {
        if (attempt === 1 && isDroppedConnection(cause)) continue;
        throw new StorageError(`PostgreSQL query on ${this.table} failed`, { cause });
      }
    }
  }
}

/** True for errors that say the connection was gone, as opposed to errors of the statement itself. */
function isDroppedConnection(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "57P01" || code === "ECONNRESET" || code === "EPIPE") return true;
  return (
    typeof message === "string" &&
    /Connection terminated|Client has encountered a connection error/.test(message)
  );
}
