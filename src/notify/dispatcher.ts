/**
 * @module notify/dispatcher
 * Delivers durable outbox items. Each pass leases due items, delivers them (items of one case in order, cases in
 * parallel), marks each done right after its send, and on failure retries with exponential backoff and jitter.
 * An item that keeps failing, or fails for good (e.g. no Teams target registered), becomes dead, stays visible via
 * `listDead`, and its event goes to the fallback channel instead.
 */
import { randomUUID } from "node:crypto";
import type { CaseRecord } from "../cases/case-schema.js";
import { DeliveryError } from "../errors.js";
import type { Logger } from "../log.js";
import type { CaseStore } from "../storage/case-store.js";
import { newOutboxItem, targetKey, type DeliveryResult, type OutboxItem } from "./outbox-schema.js";

/**
 * A way to deliver an item. Throws DeliveryError (`retryable` false when trying again cannot help; message
 * "no_target" when nothing is registered). The Teams channel upserts the case card for channel targets: it
 * updates `case.card` when set, else posts and returns the new activity and conversation id.
 */
export interface DeliveryChannel {
  deliver(item: OutboxItem, record: CaseRecord): Promise<DeliveryResult>;
}

/** Retry timing: delay = min(maxMs, baseMs * 2^(attempt-1)), scaled by a jitter factor in [0.5, 1]. */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** After this many attempts an item is dead (setting DELIVERY_MAX_ATTEMPTS, default 8). */
  maxAttempts: number;
  /** Source of jitter in [0, 1); tests pass a constant. */
  random?: () => number;
}

/** Default backoff: 1 s, doubling, at most 5 minutes, 8 attempts. */
export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1000, maxMs: 5 * 60_000, maxAttempts: 8 };

/** What one pass did, for logs and tests. */
export interface DispatchStats {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

/** The running dispatcher. */
export interface Dispatcher {
  /** Delivers everything due now (including fallbacks that become due during the pass). */
  runOnce(): Promise<DispatchStats>;
  /** Runs a pass every `intervalMs` until `stop`. */
  start(intervalMs: number): void;
  /** Stops the timer and waits for the running pass to finish. */
  stop(): Promise<void>;
}

/** The delay before attempt `attempts + 1`, given the attempts made so far. */
export function backoffDelay(attempts: number, settings: BackoffSettings): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempts - 1));
  const jitter = 0.5 + 0.5 * (settings.random ?? Math.random)();
  return Math.round(exponential * jitter);
}

// Sent-but-unrecorded items remembered at most (see createDispatcher).
const MAX_UNRECORDED = 10_000;

// A pass repeats while it finds due items (new fallbacks are due at once); this caps a pathological loop.
const MAX_ROUNDS = 20;

/** Creates a dispatcher over `store`; `fallback` (e-mail or webhook) is optional. */
export function createDispatcher(deps: {
  store: CaseStore;
  channels: { teams: DeliveryChannel; fallback?: DeliveryChannel };
  clock: { now(): Date };
  logger: Logger;
  backoff?: BackoffSettings;
  batchSize?: number;
  /** How long a claimed item is reserved; keep it above a delivery's worst-case duration. */
  leaseMs?: number;
  ids?: { uuid(): string };
}): Dispatcher {
  const { store, channels, clock } = deps;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const batchSize = deps.batchSize ?? 25;
  const leaseMs = deps.leaseMs ?? 60_000;
  const ids = deps.ids ?? { uuid: randomUUID };
  const log = deps.logger.child({ module: "dispatcher" });
  /**
   * Items that were sent but whose "delivered" could not be stored (the database went away in between). When such
   * an item comes round again, it is recorded, not sent a second time. In memory and bounded: a crash in that
   * instant can still lead to one repeat, which is the remaining at-least-once window.
   */
  const sentUnrecorded = new Map<string, DeliveryResult>();

  async function recordDelivered(item: OutboxItem, result: DeliveryResult): Promise<void> {
    try {
      await store.markDelivered(item.id, result, clock.now());
      sentUnrecorded.delete(item.id);
    } catch (error) {
      sentUnrecorded.set(item.id, result);
      if (sentUnrecorded.size > MAX_UNRECORDED)
        sentUnrecorded.delete(sentUnrecorded.keys().next().value as string);
      throw error;
    }
  }

  async function deliverOne(item: OutboxItem, stats: DispatchStats): Promise<void> {
    const fields = { itemId: item.id, caseId: item.caseId, event: item.event, target: item.target.kind };
    const already = sentUnrecorded.get(item.id);
    if (already) {
      await recordDelivered(item, already);
      stats.delivered += 1;
      log.info({ ...fields, attempts: item.attempts }, "delivered earlier, now recorded");
      return;
    }
    const record = await store.getCase(item.caseId);
    const channel = item.target.kind === "fallback" ? channels.fallback : channels.teams;
    let result: DeliveryResult;
    try {
      if (!record) throw new DeliveryError("case_missing", { retryable: false });
      if (!channel) throw new DeliveryError("no_fallback_channel", { retryable: false });
      result = await channel.deliver(item, record);
    } catch (error) {
      await fail(item, error, stats);
      return;
    }
    // Outside the try: a storage failure here must not be mistaken for a failed send and cause a resend.
    await recordDelivered(item, result);
    stats.delivered += 1;
    log.info({ ...fields, attempts: item.attempts }, "delivered");
  }

  async function fail(item: OutboxItem, error: unknown, stats: DispatchStats): Promise<void> {
    const retryable = error instanceof DeliveryError ? error.retryable : true;
    // DeliveryError messages are our own codes; anything else is reported by its class name only.
    const code =
      error instanceof DeliveryError ? error.message : error instanceof Error ? error.name : "unknown";
    // With no channel registered and no fallback to go to, giving up would leave the report with nobody: it
    // waits (retried with back-off, never dead) until a coordinator registers the channel.
    const waiting = code === "no_target" && item.target.kind === "channel" && !channels.fallback;
    const dead = !waiting && (!retryable || item.attempts >= backoff.maxAttempts);
    const now = clock.now();
    const fallback =
      dead && item.target.kind !== "fallback" && channels.fallback
        ? newOutboxItem({
            id: ids.uuid(),
            caseId: item.caseId,
            seq: item.seq,
            event: item.event,
            target: { kind: "fallback" },
            payload: { ...item.payload, failedTarget: item.target.kind, failedKey: targetKey(item.target) },
            now,
          })
        : undefined;
    // A receiver that said how long to wait (a 429's Retry-After) is not asked again sooner.
    const asked = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
    const next = new Date(now.getTime() + Math.max(asked, backoffDelay(item.attempts, backoff)));
    await store.markFailed(item.id, code, next, dead, fallback);
    const fields = { itemId: item.id, caseId: item.caseId, event: item.event, target: item.target.kind };
    if (dead) {
      stats.dead += 1;
      log.warn(
        { ...fields, attempts: item.attempts, error: code, fallback: Boolean(fallback) },
        "delivery dead",
      );
    } else {
      stats.retried += 1;
      log.info({ ...fields, attempts: item.attempts, error: code, nextAttemptAt: next }, "delivery retry");
    }
  }

  async function runOnce(): Promise<DispatchStats> {
    const stats: DispatchStats = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const items = await store.claimDue(clock.now(), batchSize, leaseMs);
      if (items.length === 0) break;
      stats.claimed += items.length;
      const byCase = new Map<string, OutboxItem[]>();
      for (const item of items) byCase.set(item.caseId, [...(byCase.get(item.caseId) ?? []), item]);
      await Promise.all(
        [...byCase.values()].map(async (queue) => {
          for (const item of queue) await deliverOne(item, stats);
        }),
      );
    }
    return stats;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  function schedule(intervalMs: number): void {
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => log.error({ err: error }, "dispatch pass failed"))
        .finally(() => {
          if (!stopped) schedule(intervalMs);
        });
    }, intervalMs);
  }

  return {
    runOnce,
    start(intervalMs) {
      if (!stopped) return;
      stopped = false;
      schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
