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
  }): Promise<void>;
  listGaps(): Promise<KnowledgeGaps>;
  /** Retention: deletes unanswered questions asked before `cutoff` (dry run: counts them); feedback counts stay. */
  purgeUnanswered(cutoff: Date, dryRun: boolean): Promise<number>;
  /** Waits until every recorded entry is written. */
  close(): Promise<void>;
}
