/**
 * @module storage/lowdb-knowledge-log
 * The embedded KnowledgeLog: one JSON document at `<dataDir>/knowledge-log.json` (JsonFileStore: atomic,
 * validated). Feedback is kept as counts per topic and unanswered questions are capped, so the document, and
 * with it the cost of each write, stays small however long the bot runs.
 */
import { join } from "node:path";
import { z } from "zod";
import { redact } from "../privacy/redact.js";
import { JsonFileStore } from "./json-file.js";
import { type KnowledgeGaps, type KnowledgeLog, TopicFeedback, UnansweredQuestion } from "./knowledge-log.js";

/** How many unanswered questions are kept; older ones are dropped first. */
export const MAX_UNANSWERED = 5_000;

// A question is a chat line; anything longer is pasted text that a gap report does not need in full.
const MAX_QUESTION_LENGTH = 500;

const KnowledgeLogDocument = z.strictObject({
  version: z.literal(1),
  unanswered: z.array(UnansweredQuestion),
  feedback: z.array(TopicFeedback),
});
type KnowledgeLogDocument = z.infer<typeof KnowledgeLogDocument>;

const EMPTY: KnowledgeLogDocument = { version: 1, unanswered: [], feedback: [] };

/** Opens (creating if needed) the knowledge log in `dataDir`; a corrupt file raises a StorageError naming it. */
export async function openLowdbKnowledgeLog(dataDir: string): Promise<KnowledgeLog> {
  const store = await JsonFileStore.open(join(dataDir, "knowledge-log.json"), KnowledgeLogDocument, EMPTY);
  return new LowdbKnowledgeLog(store);
}

class LowdbKnowledgeLog implements KnowledgeLog {
  constructor(private readonly store: JsonFileStore<KnowledgeLogDocument>) {}

  async recordFeedback(entry: Parameters<KnowledgeLog["recordFeedback"]>[0]): Promise<void> {
    await this.store.update((doc) => {
      let counts = doc.feedback.find((f) => f.topicId === entry.topicId);
      if (!counts) {
        counts = { topicId: entry.topicId, yes: 0, no: 0 };
        doc.feedback.push(counts);
      }
      if (entry.useful) counts.yes += 1;
      else counts.no += 1;
    });
  }

  async recordUnanswered(entry: Parameters<KnowledgeLog["recordUnanswered"]>[0]): Promise<void> {
    // Redact before cutting, so an identifier at the cut is never left half-masked.
    const question = redact(entry.question).slice(0, MAX_QUESTION_LENGTH).trim();
    if (question === "") return;
    await this.store.update((doc) => {
      doc.unanswered.push({
        question,
        lang: entry.lang,
        at: entry.at.toISOString(),
        candidates: [...entry.candidates],
      });
      if (doc.unanswered.length > MAX_UNANSWERED)
        doc.unanswered.splice(0, doc.unanswered.length - MAX_UNANSWERED);
    });
  }

  async listGaps(): Promise<KnowledgeGaps> {
    await this.store.flush();
    const doc = structuredClone(this.store.data);
    return {
      unanswered: doc.unanswered,
      negativeFeedback: doc.feedback.filter((f) => f.no > 0).sort((a, b) => b.no - a.no || a.yes - b.yes),
    };
  }

  async purgeUnanswered(cutoff: Date, dryRun: boolean): Promise<number> {
    const old = (q: UnansweredQuestion) => Date.parse(q.at) < cutoff.getTime();
    if (dryRun) return this.store.data.unanswered.filter(old).length;
    return this.store.update((doc) => {
      const before = doc.unanswered.length;
      doc.unanswered = doc.unanswered.filter((q) => !old(q));
      return before - doc.unanswered.length;
    });
  }

  async close(): Promise<void> {
    await this.store.flush();
  }
}
