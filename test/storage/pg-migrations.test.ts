import { readFile } from "node:fs/promises";
import pg from "pg";
import { formatCaseNumber } from "../../src/cases/case-schema.js";
import { StorageError } from "../../src/errors.js";
import { migrate, MIGRATIONS } from "../../src/storage/pg-migrations.js";
import { openPgCaseStore } from "../../src/storage/pg-case-store.js";
import { openPgKeyValueStore } from "../../src/storage/pg-kv-store.js";
import { openPgKnowledgeLog } from "../../src/storage/pg-knowledge-log.js";
import { auditEntry, newCase, outboxItem } from "../fixtures/cases/build.js";
import { createTestSchema, testDatabaseUrl } from "../helpers/pg.js";

const OLD_SCHEMA = new URL("../fixtures/storage/pg-schema-before-migrations.sql", import.meta.url);
const latest = MIGRATIONS.at(-1)!.version;

/** A second pool on the same schema, as a second instance would have. */
const poolOn = (schema: string) =>
  new pg.Pool({ connectionString: testDatabaseUrl, max: 2, options: `-c search_path=${schema}` });

async function tableCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const tables = ["cases", "case_counters", "case_outbox", "case_audit", "insight_counts", "bot_state"];
  const counts: Record<string, number> = {};
  for (const t of [...tables, "kb_feedback", "kb_unanswered"]) {
    counts[t] = Number((await pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  }
  return counts;
}

describe("PostgreSQL migrations", () => {
  let db: Awaited<ReturnType<typeof createTestSchema>>;
  beforeEach(async () => {
    db = await createTestSchema();
  });
  afterEach(async () => {
    await db.drop();
  });

  it("should number its migrations 1, 2, 3... with a name each", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS.every((m) => m.name.length > 0 && m.sql.trim().length > 0)).toBe(true);
  });

  it("should create the schema on an empty database and find nothing to do the second time", async () => {
    const first = await migrate(db.pool);
    const second = await migrate(db.pool);
    expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: latest });
    expect(second).toEqual({ applied: [], version: latest });
    const rows = await db.pool.query("SELECT version, name FROM schema_migrations ORDER BY version");
    expect(rows.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it("should let two instances starting at once take turns: one migrates, the other finds it done", async () => {
    const other = poolOn(db.schema);
    try {
      const results = await Promise.all([migrate(db.pool), migrate(other)]);
      const applied = results.map((r) => r.applied.length).sort();
      expect(applied).toEqual([0, MIGRATIONS.length]);
      const n = await db.pool.query("SELECT count(*)::int AS n FROM schema_migrations");
      expect(n.rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      await other.end();
    }
  });

  it("should refuse a database migrated by a newer release, and change nothing", async () => {
    await migrate(db.pool);
    await db.pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [
      latest + 1,
    ]);
    await expect(migrate(db.pool)).rejects.toThrow(StorageError);
    await expect(migrate(db.pool)).rejects.toThrow(/newer than this release knows/);
  });

  it("should roll a failing migration back whole and record none of it", async () => {
    const broken = [
      ...MIGRATIONS,
      { version: latest + 1, name: "broken", sql: "CREATE TABLE x (a int); SELECT 1/0;" },
    ];
    await expect(migrate(db.pool, undefined, broken)).rejects.toThrow(StorageError);
    const tables = await db.pool.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1",
      [db.schema],
    );
    expect(tables.rows[0].n).toBe(0);
  });

  it("should upgrade a database created by the start-up schema of 2026-12-02 without losing a row", async () => {
    await db.pool.query(await readFile(OLD_SCHEMA, "utf8"));
    // Rows as the stores of that day wrote them.
    const record = { ...newCase(), number: formatCaseNumber(2026, 1) };
    const item = outboxItem(record.id);
    const audit = auditEntry(record.id);
    await db.pool.query(
      `INSERT INTO cases (id, number, request_id, reporter_id, status, created_at, version, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.id,
        record.number,
        record.requestId,
        record.reporter.userId,
        record.status,
        record.createdAt,
        record.version,
        JSON.stringify(record),
      ],
    );
    await db.pool.query("INSERT INTO case_counters (year, last) VALUES (2026, 1)");
    await db.pool.query(
      `INSERT INTO case_outbox (id, case_id, seq, event, target, idempotency_key, payload, created_at, attempts,
         next_attempt_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
    await db.pool.query("INSERT INTO case_audit (id, case_id, at, entry) VALUES ($1, $2, $3, $4)", [
      audit.id,
      audit.caseId,
      audit.at,
      JSON.stringify(audit),
    ]);
    await db.pool.query(
      "INSERT INTO insight_counts (month, metric, key, n) VALUES ('2026-03', 'reports', 'all', 1)",
    );
    await db.pool.query("INSERT INTO bot_state (key, etag, item) VALUES ('conv/a', 'etag-1', $1)", [
      JSON.stringify({ handled: [], lang: "nl" }),
    ]);
    await db.pool.query("INSERT INTO kb_feedback (topic_id, yes, no) VALUES ('meldcode', 3, 1)");
    await db.pool.query(
      "INSERT INTO kb_unanswered (question, lang, at, candidates) VALUES ('waar vind ik [redacted]', 'nl', now(), '[]')",
    );
    const before = await tableCounts(db.pool);

    expect(await migrate(db.pool)).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: latest });

    expect(await tableCounts(db.pool)).toEqual(before);
    const cases = await openPgCaseStore(db.pool);
    expect(await cases.getCase(record.id)).toEqual(record);
    expect(await cases.listAudit(record.id)).toEqual([audit]);
    expect((await cases.countOutbox()).pending).toBe(1);
    // The year's counter went on where it was.
    const next = await cases.createCase(newCase(), [], []);
    expect(next.case.number).toBe("MH-2026-0002");
    const kv = await openPgKeyValueStore(db.pool);
    expect(await kv.read(["conv/a"])).toEqual({ "conv/a": { handled: [], lang: "nl", eTag: "etag-1" } });
    const log = await openPgKnowledgeLog(db.pool);
    const gaps = await log.listGaps();
    expect(gaps.negativeFeedback).toEqual([{ topicId: "meldcode", yes: 3, no: 1 }]);
    expect(gaps.unanswered).toHaveLength(1);
  });
});
