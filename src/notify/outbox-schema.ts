/**
 * @module notify/outbox-schema
 * The durable outbox item: one notification about one case event for one target. Items are written in the same
 * storage operation as the case change that caused them, and `idempotencyKey` (unique in the store) makes sure the
 * same event is queued for the same target only once.
 */
import { z } from "zod";

/** What happened; the delivery channel renders it from the case as it is at delivery time. */
export const OutboxEvent = z.enum([
  "case.created",
  "case.updated",
  "case.reminder",
  "case.answered",
  "reporter.status",
  "reporter.question",
]);
export type OutboxEvent = z.infer<typeof OutboxEvent>;

/** Where an item goes: the registered coordinator channel, one user's personal chat, or the fallback. */
export const OutboxTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("channel") }),
  z.object({ kind: z.literal("user"), userId: z.string().min(1) }),
  z.object({ kind: z.literal("fallback") }),
]);
export type OutboxTarget = z.infer<typeof OutboxTarget>;

/** Small values the renderer needs besides the case: ids and codes only, never free text. */
export const OutboxPayload = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type OutboxPayload = z.infer<typeof OutboxPayload>;

const isoTime = z.iso.datetime({ offset: true });

/** One queued notification and its delivery state. */
export const OutboxItem = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  seq: z.number().int().min(0),
  event: OutboxEvent,
  target: OutboxTarget,
  idempotencyKey: z.string().min(1),
  payload: OutboxPayload,
  createdAt: isoTime,
  /** Raised when an item is claimed, so an item that crashes its dispatcher still runs out of attempts. */
  attempts: z.number().int().min(0),
  nextAttemptAt: isoTime,
  leaseUntil: isoTime.optional(),
  status: z.enum(["pending", "done", "dead"]),
  lastError: z.string().optional(),
  deliveredAt: isoTime.optional(),
  activityId: z.string().optional(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

/** What a successful delivery reports back; a channel post returns the activity (and conversation) id. */
export interface DeliveryResult {
  activityId?: string;
  conversationId?: string;
}

/** A stable short key of a target: "channel", "user:<id>" or "fallback". */
export function targetKey(target: OutboxTarget): string {
  return target.kind === "user" ? `user:${target.userId}` : target.kind;
}

/** The idempotency key of one case event for one target: `${caseId}:${seq}:${targetKey}`. */
export function idempotencyKey(caseId: string, seq: number, target: OutboxTarget): string {
  return `${caseId}:${seq}:${targetKey(target)}`;
}

/** Builds a fresh pending item, due at `now`. */
export function newOutboxItem(args: {
  id: string;
  caseId: string;
  seq: number;
  event: OutboxEvent;
  target: OutboxTarget;
  payload?: OutboxPayload;
  now: Date;
}): OutboxItem {
  const at = args.now.toISOString();
  return {
    id: args.id,
    caseId: args.caseId,
    seq: args.seq,
    event: args.event,
    target: args.target,
    idempotencyKey: idempotencyKey(args.caseId, args.seq, args.target),
    payload: args.payload ?? {},
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    status: "pending",
  };
}
