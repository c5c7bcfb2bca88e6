/**
 * @module storage/pg-migrations
 * The PostgreSQL schema as an ordered list of versioned migrations. `migrate` applies the ones a database lacks, in
 * one transaction under an advisory lock, and records each in `schema_migrations`: two instances starting at once
 * take turns, the second finds nothing left to do. A database newer than this build is refused (a rollback to an
 * older release must not write to a schema it does not know). Migration 1 is the schema that start-up created with
 * `CREATE TABLE IF NOT EXISTS` before migrations existed, so such a database is adopted as it is.
 * Migrations are append-only: never edit one that has shipped, add the next version.
 */
import type { Pool, PoolClient } from "pg";
import { StorageError } from "../errors.js";
import type { Logger } from "../log.js";

/** One step of the schema; `sql` may hold several statements. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "cases, outbox, audit, insight, bot state and knowledge log",
    sql: `
CREATE TABLE IF NOT EXISTS cases (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  request_id text NOT NULL UNIQUE,
  reporter_id text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_reporter_idx ON cases (reporter_id, created_at DESC);
CREATE INDEX IF NOT EXISTS cases_open_idx ON cases (created_at) WHERE status <> 'closed';
CREATE TABLE IF NOT EXISTS case_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);
CREATE TABLE IF NOT EXISTS case_outbox (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  seq integer NOT NULL,
  event text NOT NULL,
  target jsonb NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  status text NOT NULL,
  last_error text,
  delivered_at timestamptz,
  activity_id text
);
CREATE INDEX IF NOT EXISTS case_outbox_due_idx ON case_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS case_outbox_delivered_idx ON case_outbox (delivered_at) WHERE status = 'done';
CREATE TABLE IF NOT EXISTS case_audit (
  n bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  case_id text NOT NULL,
  at timestamptz NOT NULL,
  entry jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS case_audit_case_idx ON case_audit (case_id, n);
CREATE TABLE IF NOT EXISTS insight_counts (
  month text NOT NULL,
  metric text NOT NULL,
  key text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (month, metric, key)
);
CREATE TABLE IF NOT EXISTS bot_state (
  key text PRIMARY KEY,
  etag text NOT NULL,
  item jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS kb_feedback (
  topic_id text PRIMARY KEY,
  yes integer NOT NULL DEFAULT 0,
  no integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS kb_unanswered (
  id bigserial PRIMARY KEY,
  question text NOT NULL,
  lang text NOT NULL,
  at timestamptz NOT NULL,
  candidates jsonb NOT NULL
);`,
  },
  {
    version: 2,
    name: "idle conversation state found by age (retention purge)",
    sql: `CREATE INDEX IF NOT EXISTS bot_state_updated_idx ON bot_state (updated_at);`,
  },
  {
    version: 3,
    name: "earlier reports about a place found by its keyed hash",
    sql: `CREATE INDEX IF NOT EXISTS cases_place_key_idx ON cases ((record->>'placeKey'), created_at);`,
  },
  {
    version: 4,
    name: "a case's pending outbox items found by case (one delivery in flight per case)",
    sql: `CREATE INDEX IF NOT EXISTS case_outbox_case_pending_idx ON case_outbox (case_id) WHERE status = 'pending';`,
  },
];

/** What `migrate` did: the versions it applied now and the version the database is at afterwards. */
export interface MigrationResult {
  applied: number[];
  version: number;
}

/**
 * Brings the database behind `pool` (its current schema, see search_path) up to the last of `migrations`. The lock
 * is per schema, so test schemas on one database do not wait for each other.
 */
export async function migrate(
  pool: Pool,
  log?: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  checkOrder(migrations);
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    throw new StorageError("PostgreSQL unreachable while checking the schema version", { cause });
  }
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.signaalwijzer.migrations'))",
    );
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    const newest = migrations.at(-1)?.version ?? 0;
    const unknown = [...done].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new StorageError(
        `the database schema is at version ${Math.max(...unknown)}, newer than this release knows (${newest}); ` +
          "start the newer release or restore a matching backup",
      );
    }
    const applied: number[] = [];
    for (const step of migrations) {
      if (done.has(step.version)) continue;
      await client.query(step.sql);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        step.version,
        step.name,
      ]);
      applied.push(step.version);
    }
    await client.query("COMMIT");
    if (applied.length > 0) log?.info({ applied, version: newest }, "database schema migrated");
    return { applied, version: newest };
  } catch (cause) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    if (cause instanceof StorageError) throw cause;
    throw new StorageError("PostgreSQL schema migration failed", { cause });
  } finally {
    client.release(broken);
  }
}

const migrated = new WeakMap<Pool, Promise<MigrationResult>>();

/**
 * `migrate` once per pool: every store's open function calls it, so a store opened on its own (a CLI, a test)
 * still finds its tables, and opening all three costs one check. A failed attempt is forgotten so it can be retried.
 */
export function ensureSchema(pool: Pool, log?: Logger): Promise<MigrationResult> {
  let pending = migrated.get(pool);
  if (!pending) {
    pending = migrate(pool, log);
    pending.catch(() => migrated.delete(pool));
    migrated.set(pool, pending);
  }
  return pending;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new StorageError(`migration ${i + 1} has version ${m.version}; versions run 1, 2, 3...`);
  });
}
