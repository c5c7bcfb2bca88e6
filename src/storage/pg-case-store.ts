/**
 * @module storage/pg-case-store
 * The PostgreSQL CaseStore for deployments with more than one bot instance. Each operation is one transaction;
 * the yearly number sequence is a row updated in that transaction (so numbers are gap-free and unique), and
 * `claimDue` uses `FOR UPDATE SKIP LOCKED` plus a lease so two dispatchers never hold the same item. The outbox
 * rules come from notify/outbox-policy: called in TypeScript where they can be, mirrored in SQL where a query
 * must apply them (the due rule and order, the retention of delivered items; see DUE and DUE_ORDER).
 */
import type { Pool, PoolClient } from "pg";
import { AuditEntry, CaseRecord, caseYear, formatCaseNumber, type NewCase } from "../cases/case-schema.js";
import { ConcurrencyError, StorageError } from "../errors.js";
import {
  caseCounters,
  CLAIM_HOUR_BOUNDS,
  CLOSE_DAY_BOUNDS,
  CONTACT_HOUR_BOUNDS,
  Counter,
  OPEN_BUCKET,
  sumCounters,
  UNKNOWN_FORM,
} from "../insight/counters.js";
import { cardAfterDelivery, DELIVERED_RETENTION_MS, dueOrder } from "../notify/outbox-policy.js";
import { OutboxItem, OutboxTarget, type DeliveryResult } from "../notify/outbox-schema.js";
import type { CaseStore, CreateCaseResult, OutboxCounts } from "./case-store.js";
import { ensureSchema } from "./pg-migrations.js";
import { prepared } from "./pg-statement.js";

/** outbox-policy `isDue` at `$1`: pending, next attempt come, no lease running (one ending at `$1` has run out). */
const DUE = "status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)";
/** outbox-policy `isInFlight` at `$1` for the rows of table alias `t`: pending under a lease that still runs. */
const inFlight = (t: string) => `${t}.status = 'pending' AND ${t}.lease_until > $1`;
/** outbox-policy `dueOrder`; a uuid sorts by its bytes, which is the order of its lower-case text. */
const DUE_ORDER = "next_attempt_at, created_at, seq, id";
/** outbox-policy `isExpiredDelivery`, given `$n` = now - DELIVERED_RETENTION_MS. */
const expiredDelivery = (n: number) => `status = 'done' AND delivered_at < $${n}`;
/** case-store `newestCaseFirst`; the number compared byte-wise, so the database's collation cannot reorder it. */
const NEWEST_CASE_FIRST = `created_at DESC, length(number) DESC, number COLLATE "C" DESC`;
/** case-store `oldestCaseFirst`. */
const OLDEST_CASE_FIRST = `created_at, length(number), number COLLATE "C"`;

/** insight/counters `bucketOf` for an SQL number `value`, given the bounds as parameter `$n`. */
const bucketOf = (value: string, n: number) =>
  `coalesce((SELECT min(b)::int::text FROM unnest($${n}::float8[]) b WHERE ${value} <= b), '${OPEN_BUCKET}')`;

/**
 * insight/counters `caseCounters` over every stored case, summed with the stored counters. $1 and $2 are the
 * claim, close and partner-contact bounds. The month is the creation time's calendar month in the Netherlands (`monthOf`).
 */
const INSIGHT_COUNTERS = `
WITH c AS (
  SELECT record, created_at, to_char(created_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month FROM cases
), live AS (
  SELECT month, 'cases' AS metric,
    coalesce(record->'outcomeOverride'->>'outcome', record->>'outcome') || '|' || (record->'reporter'->>'department')
    AS key, count(*) AS n
  FROM c GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_forms', coalesce(f.form, '${UNKNOWN_FORM}'), count(*)
  FROM c LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(record->'forms', '[]')) AS f(form) ON true
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_signals', s.id, count(*) FROM c, jsonb_array_elements_text(record->'signals') AS s(id)
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_referrals', r.item->>'to', count(*) FROM c, jsonb_array_elements(record->'referrals') AS r(item)
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'claim_hours',
    ${bucketOf("extract(epoch FROM (record->>'claimedAt')::timestamptz - created_at) / 3600", 1)}, count(*)
  FROM c WHERE record ? 'claimedAt' GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'close_days',
    ${bucketOf("extract(epoch FROM (record->'closed'->>'at')::timestamptz - created_at) / 86400", 2)}, count(*)
  FROM c WHERE record ? 'closed' GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_clusters', record->>'placeMatch', count(*) FROM c WHERE record ? 'placeMatch'
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_closes',
    CASE WHEN NOT record ? 'playbook' THEN 'no_playbook'
         WHEN jsonb_array_length(coalesce(record->'closed'->'openSteps', '[]')) > 0 THEN 'override'
         ELSE 'complete' END, count(*)
  FROM c WHERE record ? 'closed' GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'case_steps', (record->'playbook'->>'id') || '|' || (s.item->>'id') || '|' || (s.item->>'state'),
    count(*)
  FROM c, jsonb_array_elements(coalesce(record->'playbook'->'steps', '[]')) AS s(item)
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT month, 'contact_hours',
    ${bucketOf("extract(epoch FROM first_contact - (record->>'claimedAt')::timestamptz) / 3600", 3)}, count(*)
  FROM (
    SELECT month, record, (
      SELECT min(t) FROM (
        SELECT (r.item->>'at')::timestamptz FROM jsonb_array_elements(record->'referrals') AS r(item)
        UNION ALL
        SELECT (s.item->>'at')::timestamptz
        FROM jsonb_array_elements(coalesce(record->'playbook'->'steps', '[]')) AS s(item)
        WHERE s.item ? 'partner' AND s.item->>'state' = 'done' AND s.item ? 'at'
      ) AS contacts(t)) AS first_contact
    FROM c WHERE record ? 'claimedAt'
  ) AS claimed WHERE first_contact IS NOT NULL
  GROUP BY 1, 2, 3
)
SELECT month, metric, key, sum(n)::bigint AS n
FROM (SELECT month, metric, key, n FROM live UNION ALL SELECT month, metric, key, n FROM insight_counts) AS t
GROUP BY 1, 2, 3`;

/** Adds summed counters to the stored ones (one row per month, metric and key). */
const ADD_INSIGHT = `
INSERT INTO insight_counts (month, metric, key, n)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
ON CONFLICT (month, metric, key) DO UPDATE SET n = insight_counts.n + EXCLUDED.n`;

const insightParams = (counters: readonly Counter[]) => {
  const summed = sumCounters(counters);
  return [
    summed.map((c) => c.month),
    summed.map((c) => c.metric),
    summed.map((c) => c.key),
    summed.map((c) => c.n),
  ];
};

const retentionCutoff = (now: Date) => new Date(now.getTime() - DELIVERED_RETENTION_MS);

/**
 * Creates the tables if needed (idempotent; an advisory lock keeps two starting instances from racing) and
 * returns the store. The pool belongs to the caller; its search_path decides the schema.
 */
/** Returns the store once the schema is current (see pg-migrations). */
export async function openPgCaseStore(pool: Pool): Promise<CaseStore> {
  await ensureSchema(pool);
  return new PgCaseStore(pool);
}

interface OutboxRow {
  id: string;
  case_id: string;
  seq: number;
  event: string;
  target: unknown;
  idempotency_key: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  status: string;
  last_error: string | null;
  delivered_at: Date | null;
  activity_id: string | null;
}

function toItem(row: OutboxRow): OutboxItem {
  return OutboxItem.parse({
    id: row.id,
    caseId: row.case_id,
    seq: row.seq,
    event: row.event,
    target: row.target,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    leaseUntil: row.lease_until?.toISOString(),
    status: row.status,
    lastError: row.last_error ?? undefined,
    deliveredAt: row.delivered_at?.toISOString(),
    activityId: row.activity_id ?? undefined,
  });
}

function toCase(row: { record: unknown; version: number }): CaseRecord {
  return CaseRecord.parse({ ...(row.record as object), version: row.version });
}

class PgCaseStore implements CaseStore {
  constructor(private readonly pool: Pool) {}

  async createCase(record: NewCase, outbox: OutboxItem[], audit: AuditEntry[]): Promise<CreateCaseResult> {
    const created = await this.tx("createCase", async (db) => {
      const year = caseYear(record.createdAt);
      const counter = await db.query<{ last: number }>(
        `INSERT INTO case_counters (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
        [year],
      );
      const stored: CaseRecord = { ...record, number: formatCaseNumber(year, counter.rows[0]!.last) };
      // A concurrent submit with the same requestId waits on the unique index, then inserts nothing.
      const inserted = await db.query(
        `INSERT INTO cases (id, number, request_id, reporter_id, status, created_at, version, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
        [
          stored.id,
          stored.number,
          stored.requestId,
          stored.reporter.userId,
          stored.status,
          stored.createdAt,
          stored.version,
          JSON.stringify(stored),
        ],
      );
      if (inserted.rowCount !== 1) return { rollback: true as const };
      await insertOutbox(db, outbox);
      await insertAudit(db, audit);
      return { rollback: false as const, stored };
    });
    if (!created.rollback) return { status: "created", case: created.stored };
    const existing = await this.one<{ record: unknown; version: number }>(
      "SELECT record, version FROM cases WHERE request_id = $1",
      [record.requestId],
    );
    if (!existing) throw new StorageError(`case for request ${record.requestId} vanished`);
    return { status: "duplicate", case: toCase(existing) };
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.one<{ record: unknown; version: number }>(
      "SELECT record, version FROM cases WHERE id = $1",
      [id],
    );
    return row && toCase(row);
  }

  async findByNumber(number: string): Promise<CaseRecord | undefined> {
    const row = await this.one<{ record: unknown; version: number }>(
      "SELECT record, version FROM cases WHERE number = $1",
      [number],
    );
    return row && toCase(row);
  }

  async findByPlaceKey(placeKey: string, since: Date, limit: number): Promise<CaseRecord[]> {
    // Served by cases_place_key_idx (migration 3).
    const rows = await this.query<{ record: unknown; version: number }>(
      `SELECT record, version FROM cases WHERE record->>'placeKey' = $1 AND created_at >= $2
       ORDER BY ${NEWEST_CASE_FIRST} LIMIT $3`,
      [placeKey, since, Math.max(0, Math.floor(limit))],
    );
    return rows.map(toCase);
  }

  async listByReporter(userId: string): Promise<CaseRecord[]> {
    const rows = await this.query<{ record: unknown; version: number }>(
      `SELECT record, version FROM cases WHERE reporter_id = $1 ORDER BY ${NEWEST_CASE_FIRST}`,
      [userId],
    );
    return rows.map(toCase);
  }

  async listOpen(): Promise<CaseRecord[]> {
    const rows = await this.query<{ record: unknown; version: number }>(
      `SELECT record, version FROM cases WHERE status <> 'closed' ORDER BY ${OLDEST_CASE_FIRST}`,
      [],
    );
    return rows.map(toCase);
  }

  async updateCase(
    id: string,
    expectedVersion: number,
    record: CaseRecord,
    outbox: OutboxItem[],
    audit: AuditEntry[],
  ): Promise<CaseRecord> {
    return this.tx("updateCase", async (db) => {
      const current = await db.query<{ number: string; version: number }>(
        "SELECT number, version FROM cases WHERE id = $1 FOR UPDATE",
        [id],
      );
      const row = current.rows[0];
      if (!row) throw new StorageError(`case ${id} not found`);
      if (row.version !== expectedVersion) {
        throw new ConcurrencyError(`case ${id} changed: version ${row.version}, expected ${expectedVersion}`);
      }
      const next: CaseRecord = { ...record, id, number: row.number, version: expectedVersion + 1 };
      await db.query("UPDATE cases SET status = $2, version = $3, record = $4 WHERE id = $1", [
        id,
        next.status,
        next.version,
        JSON.stringify(next),
      ]);
      await insertOutbox(db, outbox);
      await insertAudit(db, audit);
      return next;
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.tx("appendAudit", (db) => insertAudit(db, [entry]));
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    const rows = await this.query<{ entry: unknown }>(
      "SELECT entry FROM case_audit WHERE case_id = $1 ORDER BY n",
      [caseId],
    );
    return rows.map((r) => AuditEntry.parse(r.entry));
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    // Claims are serialised across instances (a transaction lock), and the statement after the lock sees the
    // leases the previous claimer committed, so a case with a delivery in flight is skipped (outbox-policy
    // isInFlight) however many dispatchers run. The expired deliveries go (a data-modifying WITH always runs to
    // completion) as the first `limit` due items are leased; UPDATE ... RETURNING has no order, so the rows are
    // sorted by the policy.
    const rows = await this.tx("claimDue", async (db) => {
      await db.query(
        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.signaalwijzer.outbox-claim'))",
      );
      const result = await db.query<OutboxRow>(
        `WITH pruned AS (
           DELETE FROM case_outbox WHERE ${expiredDelivery(4)}),
         due AS (
           SELECT id FROM case_outbox c
           WHERE ${DUE}
             AND NOT EXISTS (SELECT 1 FROM case_outbox f WHERE f.case_id = c.case_id AND ${inFlight("f")})
           ORDER BY ${DUE_ORDER}
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE case_outbox o SET lease_until = $3, attempts = o.attempts + 1
         FROM due WHERE o.id = due.id
         RETURNING o.*`,
        [now, limit, new Date(now.getTime() + leaseMs), retentionCutoff(now)],
      );
      return result.rows;
    });
    return rows.map(toItem).sort(dueOrder);
  }

  async markDelivered(id: string, result: DeliveryResult, at: Date): Promise<void> {
    await this.tx("markDelivered", async (db) => {
      const updated = await db.query<{ case_id: string; target: unknown }>(
        `UPDATE case_outbox SET status = 'done', delivered_at = $2, lease_until = NULL,
           activity_id = COALESCE($3, activity_id)
         WHERE id = $1 RETURNING case_id, target`,
        [id, at, result.activityId ?? null],
      );
      const row = updated.rows[0];
      if (!row) throw new StorageError(`outbox item ${id} not found`);
      const target = OutboxTarget.parse(row.target);
      // Only a delivery that could give a card at all locks the case row to read the card it has.
      if (cardAfterDelivery(target, result, undefined)) {
        const current = await db.query<{ record: unknown; version: number }>(
          "SELECT record, version FROM cases WHERE id = $1 FOR UPDATE",
          [row.case_id],
        );
        const stored = current.rows[0];
        const card = stored && cardAfterDelivery(target, result, toCase(stored).card);
        if (card) {
          await db.query(
            "UPDATE cases SET version = version + 1, record = jsonb_set(record, '{card}', $2::jsonb) WHERE id = $1",
            [row.case_id, JSON.stringify(card)],
          );
        }
      }
      await db.query(`DELETE FROM case_outbox WHERE case_id = $1 AND ${expiredDelivery(2)}`, [
        row.case_id,
        retentionCutoff(at),
      ]);
    });
  }

  async markFailed(
    id: string,
    error: string,
    nextAttemptAt: Date,
    dead: boolean,
    fallback?: OutboxItem,
  ): Promise<void> {
    await this.tx("markFailed", async (db) => {
      const updated = await db.query(
        `UPDATE case_outbox SET status = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL
         WHERE id = $1`,
        [id, dead ? "dead" : "pending", error, nextAttemptAt],
      );
      if (updated.rowCount !== 1) throw new StorageError(`outbox item ${id} not found`);
      if (fallback) await insertOutbox(db, [fallback]);
    });
  }

  async listDead(): Promise<OutboxItem[]> {
    const rows = await this.query<OutboxRow>(
      "SELECT * FROM case_outbox WHERE status = 'dead' ORDER BY next_attempt_at DESC, created_at DESC, seq DESC, id DESC",
      [],
    );
    return rows.map(toItem);
  }

  async countOutbox(): Promise<OutboxCounts> {
    const rows = await this.query<{ status: keyof OutboxCounts; n: string }>(
      "SELECT status, count(*) AS n FROM case_outbox GROUP BY status",
      [],
    );
    const counts: OutboxCounts = { pending: 0, done: 0, dead: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async purgeClosed(cutoff: Date, dryRun: boolean): Promise<{ cases: number; looseAuditEntries: number }> {
    const closedBefore = `status = 'closed' AND (record->'closed'->>'at')::timestamptz < $1`;
    const loose = `at < $1 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id::text = case_audit.case_id)`;
    try {
      if (dryRun) {
        const cases = await this.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM cases WHERE ${closedBefore}`,
          [cutoff],
        );
        const audit = await this.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM case_audit WHERE ${loose}`,
          [cutoff],
        );
        return { cases: Number(cases.rows[0]?.n ?? 0), looseAuditEntries: Number(audit.rows[0]?.n ?? 0) };
      }
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const gone = await client.query<{ id: string; record: unknown; version: number }>(
          `DELETE FROM cases WHERE ${closedBefore} RETURNING id, record, version`,
          [cutoff],
        );
        const ids = gone.rows.map((r) => r.id);
        // The deleted cases' statistics stay, folded into the stored counters in the same transaction.
        await client.query(ADD_INSIGHT, insightParams(gone.rows.flatMap((row) => caseCounters(toCase(row)))));
        await client.query("DELETE FROM case_outbox WHERE case_id = ANY($1::uuid[])", [ids]);
        await client.query("DELETE FROM case_audit WHERE case_id = ANY($1::text[])", [ids]);
        const audit = await client.query(`DELETE FROM case_audit WHERE ${loose}`, [cutoff]);
        await client.query("COMMIT");
        return { cases: ids.length, looseAuditEntries: audit.rowCount ?? 0 };
      } catch (error) {
        // The first error says what went wrong; a failing ROLLBACK (connection gone) adds nothing to it.
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } catch (cause) {
      if (cause instanceof StorageError) throw cause;
      throw new StorageError("could not purge closed cases", { cause });
    }
  }

  async listClosed(limit: number): Promise<CaseRecord[]> {
    const rows = await this.query<{ record: unknown; version: number }>(
      `SELECT record, version FROM cases WHERE status = 'closed' ORDER BY ${NEWEST_CASE_FIRST} LIMIT $1`,
      [limit],
    );
    return rows.map(toCase);
  }

  async insightCounters(): Promise<Counter[]> {
    const rows = await this.query<{ month: string; metric: string; key: string; n: string }>(
      INSIGHT_COUNTERS,
      [CLAIM_HOUR_BOUNDS, CLOSE_DAY_BOUNDS, CONTACT_HOUR_BOUNDS],
    );
    return sumCounters(rows.map((row) => Counter.parse({ ...row, n: Number(row.n) })));
  }

  async addInsight(counters: readonly Counter[]): Promise<void> {
    if (counters.length === 0) return;
    await this.query(ADD_INSIGHT, insightParams(counters));
  }

  async close(): Promise<void> {
    // Every operation awaits its own query; the pool is closed by its owner.
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(prepared(this.pool, sql, params))).rows;
    } catch (cause) {
      throw new StorageError("PostgreSQL case store query failed", { cause });
    }
  }

  private async one<R extends object>(sql: string, params: unknown[]): Promise<R | undefined> {
    return (await this.query<R>(sql, params))[0];
  }

  /** Runs `work` in a transaction; a `{ rollback: true }` result rolls back without an error. */
  private async tx<R>(operation: string, work: (db: PoolClient) => Promise<R>): Promise<R> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (cause) {
      throw new StorageError(`PostgreSQL unreachable during ${operation}`, { cause });
    }
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      const rollback =
        typeof result === "object" && result !== null && "rollback" in result && result.rollback;
      await client.query(rollback ? "ROLLBACK" : "COMMIT");
      return result;
    } catch (cause) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // A connection that cannot roll back is broken: releasing it with an error removes it from the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      if (cause instanceof StorageError) throw cause;
      throw new StorageError(`PostgreSQL ${operation} failed`, { cause });
    } finally {
      client.release(broken);
    }
  }
}

async function insertOutbox(db: Pick<PoolClient, "query">, items: OutboxItem[]): Promise<void> {
  for (const item of items) {
    await db.query(
      `INSERT INTO case_outbox (id, case_id, seq, event, target, idempotency_key, payload, created_at, attempts,
         next_attempt_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        item.id,
        item.caseId,
        item.seq,
        item.event,
        JSON.stringify(item.target),
        item.idempotencyKey,
        JSON.stringify(item.payload),
        item.createdAt,
        item.attempts,
        item.nextAttemptAt,
        item.status,
      ],
    );
  }
}

async function insertAudit(db: Pick<PoolClient, "query">, entries: AuditEntry[]): Promise<void> {
  for (const entry of entries) {
    await db.query("INSERT INTO case_audit (id, case_id, at, entry) VALUES ($1, $2, $3, $4)", [
      entry.id,
      entry.caseId,
      entry.at,
      JSON.stringify(entry),
    ]);
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
