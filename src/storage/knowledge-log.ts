/**
 * @module storage/knowledge-log
 * What curators need to improve the knowledge base: questions the bot could not answer (redacted) and "Was dit
 * nuttig?" feedback per topic. The interface is narrow so a PostgreSQL version can follow the lowdb one.
 */
import { z } from "zod";

/** The language a question was asked or answered in. */
export const LogLang = z.enum(["nl", "en"]);
export type LogLang = z.infer<typeof LogLang>;

/** A question the bot declined, as stored: redacted text, its language, when, and the weak candidate topics. */
export const UnansweredQuestion = z.strictObject({
  question: z.string(),
  lang: LogLang,
  at: z.iso.datetime(),
  candidates: z.array(z.string()),
});
export type UnansweredQuestion = z.infer<typeof UnansweredQuestion>;

/** Feedback counts for one topic; a topic appears once it has been rated. */
export const TopicFeedback = z.strictObject({
  topicId: z.string(),
  yes: z.number().int().nonnegative(),
  no: z.number().int().nonnegative(),
});
export type TopicFeedback = z.infer<typeof TopicFeedback>;

/** The gap report: unanswered questions (oldest first) and topics rated "not useful" at least once (most first). */
export interface KnowledgeGaps {
  unanswered: UnansweredQuestion[];
  negativeFeedback: TopicFeedback[];
}

/**
 * Records feedback and unanswered questions. `recordUnanswered` redacts the question itself (names of
 * organisations stay; e-mail addresses, phone numbers, BSNs and the like go), whatever the caller already did.
 */
export interface KnowledgeLog {
  recordFeedback(entry: { topicId: string; useful: boolean; lang: LogLang; at: Date }): Promise<void>;
  recordUnanswered(entry: {
    question: string;
    lang: LogLang;
    at: Date;
    candidates: readonly string[];
    /** who asked, as a pseudonymous key for per-asker limits (see limitUnanswered); never stored */
    asker?: string;
  }): Promise<void>;
  listGaps(): Promise<KnowledgeGaps>;
  /** Retention: deletes unanswered questions asked before `cutoff` (dry run: counts them); feedback counts stay. */
  purgeUnanswered(cutoff: Date, dryRun: boolean): Promise<number>;
  /** Waits until every recorded entry is written. */
  close(): Promise<void>;
}

/** How many unanswered questions one asker may add per day, and how many recent questions are remembered. */
export interface UnansweredLimits {
  perAskerPerDay: number;
  recentQuestions: number;
}

/**
 * Wraps a KnowledgeLog so one user cannot flood the curators' gap list (or the disk): an asker adds at most
 * `perAskerPerDay` questions a day, and a question identical to one recorded recently (after redaction and
 * normalisation) is not stored again. `asker` is a pseudonymous key used only for counting, never stored. The
 * memory used is bounded (least recently used entries go first).
 */
export function limitUnanswered(log: KnowledgeLog, limits: UnansweredLimits): KnowledgeLog {
  const askers = new Map<string, { day: string; count: number }>();
  const recent = new Map<string, true>();
  const remember = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value as string);
  };
  return {
    recordFeedback: (entry) => log.recordFeedback(entry),
    listGaps: () => log.listGaps(),
    purgeUnanswered: (cutoff, dryRun) => log.purgeUnanswered(cutoff, dryRun),
    close: () => log.close(),
    async recordUnanswered(entry) {
      const day = entry.at.toISOString().slice(0, 10);
      if (entry.asker !== undefined) {
        const seen = askers.get(entry.asker);
        const count = seen && seen.day === day ? seen.count : 0;
        if (count >= limits.perAskerPerDay) return;
        remember(askers, entry.asker, { day, count: count + 1 }, 50_000);
      }
      const normal = `${day} ${entry.question.toLowerCase().replace(/\s+/g, " ").trim()}`;
      if (recent.has(normal)) return;
      remember(recent, normal, true, limits.recentQuestions);
      await log.recordUnanswered(entry);
    },
  };
}
