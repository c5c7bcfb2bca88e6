/**
 * @module notify/webhook-channel
 * The webhook fallback: POSTs the minimal redacted message as JSON, with an `Idempotency-Key` header so the
 * receiver can drop a resend. Timeouts, network errors, 408, 429 and 5xx are retried; other 4xx are permanent.
 */
import { DeliveryError } from "../errors.js";
import type { DeliveryChannel } from "./dispatcher.js";
import { fallbackMessage } from "./fallback-message.js";

/** Webhook settings. */
export interface WebhookSettings {
  url: string;
  /** Per request, in ms (default 10 s). */
  timeoutMs?: number;
}

/** Creates the webhook DeliveryChannel. */
export function createWebhookChannel(settings: WebhookSettings): DeliveryChannel {
  const timeout = settings.timeoutMs ?? 10_000;
  return {
    async deliver(item, record) {
      const m = fallbackMessage(item, record);
      const body = {
        source: "signaalwijzer",
        idempotencyKey: item.idempotencyKey,
        event: m.event,
        caseNumber: m.caseNumber,
        urgent: m.urgent,
        outcome: m.outcome,
        place: m.place,
        teamsFailed: m.teamsFailed,
        subject: m.subject,
        text: m.text,
      };
      let status: number;
      try {
        const response = await fetch(settings.url, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": item.idempotencyKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeout),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch (cause) {
        // Checked by name: the abort reason is a DOMException, which may come from another realm (tests).
        const timedOut = (cause as { name?: unknown } | null)?.name === "TimeoutError";
        throw new DeliveryError(timedOut ? "webhook_timeout" : "webhook_unreachable", {
          cause,
          retryable: true,
        });
      }
      if (status >= 200 && status < 300) return {};
      const retryable = status === 408 || status === 429 || status >= 500;
      throw new DeliveryError(`webhook_http_${status}`, { retryable });
    },
  };
}
