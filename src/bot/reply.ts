/**
 * @module bot/reply
 * What a feature answers with, as values: the messages for the chat, an optional replacement for the clicked
 * card, an optional short notice for the click, and the change to the conversation's saved data. Features never
 * send; `bot/respond` alone turns a result into activities, so it alone decides between a message and an invoke
 * response, puts the 112 card first and only once, and chooses which confirmation (if any) the user sees.
 */
import type { AdaptiveCard } from "./cards/adaptive.js";
import type { ConversationData } from "./conversation-data.js";
import type { Lang } from "../i18n/index.js";
import type { UserPrefs } from "./references.js";

/** One message for the chat. */
export type Reply =
  | { kind: "text"; text: string }
  | { kind: "card"; card: AdaptiveCard }
  /** The 112 card; sent at most once per turn, before everything else. */
  | { kind: "acute" };

/** The saved conversation data a feature may change; a key set to undefined is removed. */
export type DataPatch = Partial<Omit<ConversationData, "v" | "handled">> & {
  /** Idempotency keys to remember (see markHandled). */
  handled?: readonly string[];
};

/** A feature took the message or click. */
export interface Handled {
  status: "handled";
  replies: Reply[];
  /** For a click: the card that replaces the clicked one (Universal Actions). */
  update?: AdaptiveCard;
  /** For a click: a short notice shown at the card instead of a replacement; none when the replies say it all. */
  notice?: string;
  patch?: DataPatch;
  /** The user's own settings to change (kept per person across conversations), e.g. their department. */
  prefs?: Partial<UserPrefs>;
  /** The language the replies are in, when it is not the turn's (a Dutch answer to a Dutch question). */
  lang?: Lang;
}

/** A feature leaves the message to others. */
export interface Skipped {
  status: "skipped";
}

/** What a feature returns. */
export type FeatureResult = Handled | Skipped;

/** The result when a feature does not take the message. */
export const SKIPPED: Skipped = { status: "skipped" };

/** Builds a handled result; strings become text replies. */
export function handled(
  replies: ReadonlyArray<Reply | AdaptiveCard | string>,
  extra: Omit<Handled, "status" | "replies"> = {},
): Handled {
  return { status: "handled", replies: replies.map(toReply), ...extra };
}

/** A text or card as a reply. */
export function toReply(part: Reply | AdaptiveCard | string): Reply {
  if (typeof part === "string") return { kind: "text", text: part };
  if ("kind" in part && (part.kind === "text" || part.kind === "card" || part.kind === "acute"))
    return part as Reply;
  return { kind: "card", card: part as AdaptiveCard };
}

/** The 112 card as a reply. */
export const ACUTE: Reply = { kind: "acute" };
