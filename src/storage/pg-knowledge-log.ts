/**
 * @module storage/pg-knowledge-log
 * The PostgreSQL KnowledgeLog, for deployments with more than one bot instance: feedback counts per topic are
 * upserted atomically, unanswered questions are rows (redacted, capped like the lowdb version).
 */
import type { Pool } from "pg";
import { StorageError } from "../errors.js";
import { redact } from "../privacy/redact.js";
import type { KnowledgeGaps, KnowledgeLog, LogLang } from "./knowledge-log.js";
import { MAX_UNANSWERED } from "./lowdb-knowledge-log.js";
import { ensureSchema } from "./pg-migrations.js";
import { prepared } from "./pg-statement.js";

const MAX_QUESTION_LENGTH = 500;

/** Returns the log once the schema is current (see pg-migrations); the pool is owned by the caller. */
export async function openPgKnowledgeLog(pool: Pool): Promise<KnowledgeLog> {
  await ensureSchema(pool);
  return new PgKnowledgeLog(pool);
}

class PgKnowledgeLog implements KnowledgeLog {
  constructor(private readonly pool: Pool) {}

  async recordFeedback(entry: { topicId: string; useful: boolean; lang: LogLang; at: Date }): Promise<void> {
    const column = entry.useful ? "yes" : "no";
    await this.query(
      `INSERT INTO kb_feedback (topic_id, ${column}) VALUES ($1, 1)
       ON CONFLICT (topic_id) DO UPDATE SET ${column} = kb_feedback.${column} + 1`,
      [entry.topicId],
    );
  }

  async recordUnanswered(entry: {
    question: string;
    lang: LogLang;
    at: Date;
    candidates: readonly string[];
  }): Promise<void> {
    const question = redact(entry.question).slice(0, MAX_QUESTION_LENGTH).trim();
    if (question === "") return;
    await this.query(`INSERT INTO kb_unanswered (question, lang, at, candidates) VALUES ($1, $2, $3, $4)`, [
      question,
      entry.lang,
      entry.at.toISOString(),
      JSON.stringify(entry.candidates),
    ]);
    await this.query(
      `DELETE FROM kb_unanswered WHERE id <= (SELECT id FROM kb_unanswered ORDER BY id DESC OFFSET $1 LIMIT 1)`,
      [MAX_UNANSWERED],
    );
  }

  async listGaps(): Promise<KnowledgeGaps> {
    const unanswered = await this.query<{ question: string; lang: LogLang; at: Date; candidates: string[] }>(
      `SELECT question, lang, at, candidates FROM kb_unanswered ORDER BY id`,
    );
    const feedback = await this.query<{ topic_id: string; yes: number; no: number }>(
      `SELECT topic_id, yes, no FROM kb_feedback WHERE no > 0 ORDER BY no DESC, yes ASC, topic_id`,
    );
    return {
      unanswered: unanswered.map((r) => ({
        question: r.question,
        lang: r.lang,
        at: new Date(r.at).toISOString(),
        candidates: r.candidates,
      })),
      negativeFeedback: feedback.map((r) => ({ topicId: r.topic_id, yes: r.yes, no: r.no })),
    };
  }

  async purgeUnanswered(cutoff: Date, dryRun: boolean): Promise<number> {
    const sql = dryRun
      ? "SELECT id FROM kb_unanswered WHERE at < $1"
      : "DELETE FROM kb_unanswered WHERE at < $1 RETURNING id";
    return (await this.query(sql, [cutoff])).length;
  }

  async close(): Promise<void> {
    // The pool belongs to the caller.
  }

  private async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query(prepared(this.pool, sql, params))).rows as R[];
    } catch (cause) {
      throw new StorageError("PostgreSQL knowledge log query failed", { cause });
    }
  }
}
