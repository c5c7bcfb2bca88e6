/**
 * @module notify/outbox-policy
 * The outbox rules every CaseStore applies, written once: when an item is due, in which order due items go out,
 * how long a delivered item is kept, and when a delivery becomes the case's card. Pure; the lowdb store calls
 * these functions, the PostgreSQL store calls them where it can and mirrors them in SQL where it must (and
 * test/storage/case-store.contract.ts holds both to the same answers).
 */
import type { CaseCardRef } from "../cases/case-schema.js";
import type { DeliveryResult, OutboxItem, OutboxTarget } from "./outbox-schema.js";

/**
 * How long a delivered item is kept. It only guards idempotency while its case event is fresh (a late
 * duplicate of the same event is recognised by its key); after that it is dropped, so the outbox stays bounded
 * however long a case lives.
 */
export const DELIVERED_RETENTION_MS = 7 * 24 * 3600 * 1000;

const time = (iso: string) => Date.parse(iso);

/**
 * True when `item` may be handed to a dispatcher at `now`: pending, its next attempt has come (`<=`), and no
 * lease is running (a lease ending at `now` has run out). `leaseOrphaned` frees a lease the store knows belongs to
 * a process that died (lowdb: any lease found at open).
 */
export function isDue(item: OutboxItem, now: Date, leaseOrphaned = false): boolean {
  const t = now.getTime();
  return (
    item.status === "pending" &&
    time(item.nextAttemptAt) <= t &&
    (leaseOrphaned || item.leaseUntil === undefined || time(item.leaseUntil) <= t)
  );
}

/**
 * True when `item` is being delivered at `now`: pending under a lease that still runs (and is not known to be
 * orphaned). While any item of a case is in flight, no other item of that case is handed out, so two delivery
 * passes (in one process or on two instances) never deliver one case's notifications at the same time and a
 * reporter never hears "afgesloten" before "doorverwezen". In SQL: `status = 'pending' AND lease_until > $1`.
 */
export function isInFlight(item: OutboxItem, now: Date, leaseOrphaned = false): boolean {
  return (
    item.status === "pending" &&
    !leaseOrphaned &&
    item.leaseUntil !== undefined &&
    time(item.leaseUntil) > now.getTime()
  );
}

/**
 * The order of the due queue, a total order so every store hands out the same items: earliest next attempt
 * first, then the oldest item, then the case event order (`seq`), then the id. In SQL:
 * `ORDER BY next_attempt_at, created_at, seq, id` (a uuid sorts like its lower-case text).
 */
export function dueOrder(a: OutboxItem, b: OutboxItem): number {
  return (
    time(a.nextAttemptAt) - time(b.nextAttemptAt) ||
    time(a.createdAt) - time(b.createdAt) ||
    a.seq - b.seq ||
    compareText(a.id.toLowerCase(), b.id.toLowerCase())
  );
}

/** True when `item` was delivered longer than DELIVERED_RETENTION_MS before `now` and may be dropped. */
export function isExpiredDelivery(item: Pick<OutboxItem, "status" | "deliveredAt">, now: Date): boolean {
  return (
    item.status === "done" &&
    item.deliveredAt !== undefined &&
    now.getTime() - time(item.deliveredAt) > DELIVERED_RETENTION_MS
  );
}

/**
 * The card a case gets from a delivery, or undefined when it keeps what it has. The first channel delivery that
 * reports both an activity and a conversation id becomes the case card (updated in place from then on); a
 * personal-chat or fallback delivery never does, and a card once set is never replaced.
 */
export function cardAfterDelivery(
  target: OutboxTarget,
  result: DeliveryResult,
  current: CaseCardRef | undefined,
): CaseCardRef | undefined {
  if (target.kind !== "channel" || current || !result.activityId || !result.conversationId) return undefined;
  return { activityId: result.activityId, conversationId: result.conversationId };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
