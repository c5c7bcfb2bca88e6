/**
 * @module privacy/retention
 * Applies the retention settings: closed cases (with their audit trail and outbox) and loose audit entries after
 * `closedCaseDays`, idle conversation state after `conversationDays`, personal conversation references after
 * `closedCaseDays` (a reporter must still hear about an open case), and unanswered questions after
 * `unansweredDays`. Open cases and the contact point's channel registration are never purged. Runs daily in the
 * bot (beside the traffic, from start-up on) and on demand with `npm run purge` (`--dry-run` counts only).
 */
import type { CaseStore } from "../storage/case-store.js";
import type { KeyValueStore } from "../storage/key-value-store.js";
import type { KnowledgeLog } from "../storage/knowledge-log.js";

/** How long each kind of data is kept, in days; a municipality sets its own (see .env.example). */
export interface RetentionSettings {
  closedCaseDays: number;
  conversationDays: number;
  unansweredDays: number;
}

/** What one run deleted (or, in a dry run, would delete). */
export interface RetentionReport {
  dryRun: boolean;
  closedCases: number;
  looseAuditEntries: number;
  conversations: number;
  userReferences: number;
  unansweredQuestions: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs every purge once at `now`; with `dryRun` nothing is deleted and the counts say what would be. The three
 * key-value purges are asked for together, so a store that has to walk all its items (the embedded one) does so
 * once. `signal` stops a run early (the shutdown): it rejects with the signal's reason, and what was deleted stays
 * deleted.
 */
export async function applyRetention(
  stores: { kv: KeyValueStore; cases: CaseStore; knowledgeLog: KnowledgeLog },
  settings: RetentionSettings,
  now: Date,
  dryRun: boolean,
  signal?: AbortSignal,
): Promise<RetentionReport> {
  signal?.throwIfAborted();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const { cases: closedCases, looseAuditEntries } = await stores.cases.purgeClosed(
    before(settings.closedCaseDays),
    dryRun,
  );
  signal?.throwIfAborted();
  const [conversations, users, members] = await Promise.all([
    stores.kv.purgeIdle("conversation/", before(settings.conversationDays), dryRun, signal),
    stores.kv.purgeIdle("ref/user/", before(settings.closedCaseDays), dryRun, signal),
    stores.kv.purgeIdle("ref/member/", before(settings.closedCaseDays), dryRun, signal),
  ]);
  const userReferences = users + members;
  signal?.throwIfAborted();
  const unansweredQuestions = await stores.knowledgeLog.purgeUnanswered(
    before(settings.unansweredDays),
    dryRun,
  );
  return { dryRun, closedCases, looseAuditEntries, conversations, userReferences, unansweredQuestions };
}
