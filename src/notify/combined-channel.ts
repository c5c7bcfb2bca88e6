/**
 * @module notify/combined-channel
 * Several fallback channels as one (e-mail and webhook both configured): an item counts as delivered when every
 * channel took it; otherwise the error of the first failure is raised (retryable when any failure is), and a retry
 * sends again to all, which their idempotency keys (Message-ID, Idempotency-Key) make safe.
 */
import { DeliveryError } from "../errors.js";
import type { DeliveryChannel } from "./dispatcher.js";

/** Combines channels; undefined when none is configured, the channel itself when there is one. */
export function combineChannels(channels: readonly DeliveryChannel[]): DeliveryChannel | undefined {
  if (channels.length <= 1) return channels[0];
  return {
    deliver: async (item, record) => {
      const results = await Promise.allSettled(channels.map((c) => c.deliver(item, record)));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failures.length === 0) return {};
      const errors = failures.map((f) => f.reason as unknown);
      const retryable = errors.some((e) => !(e instanceof DeliveryError) || e.retryable);
      const first = errors[0];
      throw new DeliveryError(first instanceof DeliveryError ? first.message : "fallback_failed", {
        cause: first,
        retryable,
      });
    },
  };
}
