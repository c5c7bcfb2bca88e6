/**
 * @module notify/smtp-channel
 * The e-mail fallback: a minimal redacted message (see fallback-message) to the contact point's mailbox through
 * nodemailer. A 5xx answer from the mail server is permanent; connection trouble and 4xx answers are retried.
 */
import nodemailer from "nodemailer";
import { DeliveryError } from "../errors.js";
import type { DeliveryChannel } from "./dispatcher.js";
import { fallbackMessage } from "./fallback-message.js";

/** SMTP settings: `url` like smtp://host:25 or smtps://user:pass@host:465. */
export interface SmtpSettings {
  url: string;
  from: string;
  to: string;
  /** Connection and greeting timeout in ms (default 10 s). */
  timeoutMs?: number;
  /**
   * Send without TLS when the server offers no STARTTLS: only for a relay on the same host or network segment
   * (SMTP_ALLOW_INSECURE=true). By default TLS is required, so a login never crosses the network in cleartext.
   */
  allowInsecure?: boolean;
}

/** Creates the e-mail DeliveryChannel. */
export function createSmtpChannel(settings: SmtpSettings): DeliveryChannel & { close(): void } {
  const timeout = settings.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    requireTLS: !settings.allowInsecure,
  });
  return {
    async deliver(item, record) {
      const message = fallbackMessage(item, record);
      try {
        await transport.sendMail({
          from: settings.from,
          to: settings.to,
          subject: message.subject,
          text: message.text,
          // A stable Message-ID lets the receiving side drop a resend after a crash between send and "done".
          messageId: `<${item.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, ".")}@signaalwijzer>`,
        });
      } catch (cause) {
        const code = (cause as { responseCode?: unknown }).responseCode;
        if ((cause as { code?: unknown }).code === "ETLS" && !settings.allowInsecure) {
          // The server offers no TLS: a setting to fix (see SMTP_ALLOW_INSECURE), not a passing fault.
          throw new DeliveryError("smtp_tls_required", { cause, retryable: false });
        }
        const permanent = typeof code === "number" && code >= 500;
        throw new DeliveryError(permanent ? `smtp_rejected_${code}` : "smtp_unavailable", {
          cause,
          retryable: !permanent,
        });
      }
      return {};
    },
    close() {
      transport.close();
    },
  };
}
