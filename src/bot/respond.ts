/**
 * @module bot/respond
 * The one place that sends: turns a feature's result into activities. For a click (an `adaptiveCard/action`
 * invoke) it answers the invoke with the replacement card, or with the feature's short notice, or with nothing
 * to show when the chat replies say it all (no "Gedaan." next to the real answer); the 112 card goes first and
 * only once; texts are markdown.
 */
import type { Activity, TurnContext } from "botbuilder";
import { cardAttachment, type AdaptiveCard } from "./cards/adaptive.js";
import type { Handled, Reply } from "./reply.js";

/** A message part: plain (markdown) text or an Adaptive Card. */
export type ReplyPart = string | AdaptiveCard;

/** Turns a reply part into an outgoing activity. */
export function toActivity(part: ReplyPart): Partial<Activity> {
  return typeof part === "string"
    ? { type: "message", text: part, textFormat: "markdown" }
    : { type: "message", attachments: [cardAttachment(part)] };
}

/** The invoke response of a Universal Action: a card replacing the clicked one, or a message (maybe empty). */
export function invokeResponse(answer: { card: AdaptiveCard } | { text: string }): Partial<Activity> {
  const body =
    "card" in answer
      ? { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: answer.card }
      : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: answer.text };
  return { type: "invokeResponse", value: { status: 200, body } };
}

/** The chat messages of a result, in order, with the 112 card first and at most once. */
export function messageParts(replies: readonly Reply[], acuteCard: () => AdaptiveCard): ReplyPart[] {
  const acute = replies.some((r) => r.kind === "acute");
  const parts: ReplyPart[] = acute ? [acuteCard()] : [];
  for (const reply of replies) {
    if (reply.kind === "text") parts.push(reply.text);
    else if (reply.kind === "card") parts.push(reply.card);
  }
  return parts;
}

/**
 * Sends a result. A click answered by invoke gets its answer first (Teams waits for it), then the chat messages.
 * A click that came as a message (older clients) has no card to replace: its notice, or else its replacement
 * card, is sent after the replies only when there are no replies.
 */
export async function respond(
  ctx: TurnContext,
  result: Handled,
  acuteCard: () => AdaptiveCard,
): Promise<void> {
  const parts = messageParts(result.replies, acuteCard);
  if (ctx.activity.type === "invoke") {
    await ctx.sendActivity(
      invokeResponse(result.update ? { card: result.update } : { text: result.notice ?? "" }),
    );
  } else if (parts.length === 0) {
    if (result.notice) parts.push(result.notice);
    else if (result.update) parts.push(result.update);
  }
  for (const part of parts) await ctx.sendActivity(toActivity(part));
}
