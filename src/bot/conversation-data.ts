/**
 * @module bot/conversation-data
 * What the bot keeps per conversation between turns. Versioned: a record of another version is not misread but
 * replaced (the user is told politely). Feature parts are validated again by their own schemas when used.
 */
import { z } from "zod";

/** The current version of the conversation record; bump it when its shape changes incompatibly. */
export const CONVERSATION_DATA_VERSION = 1;

/** Per-conversation state saved after every turn. */
export const ConversationData = z.object({
  v: z.literal(CONVERSATION_DATA_VERSION),
  lang: z.enum(["nl", "en"]).optional(),
  welcomed: z.boolean(),
  /** The running signal check (a dialogs CheckState), if any. */
  check: z.unknown().optional(),
  /** The last finished check's result, offered to the report flow. */
  lastResult: z.unknown().optional(),
  /** A practice run (practice/practice): the case id and the facts revealed; never a real case. */
  practice: z.unknown().optional(),
  /** A report being drafted. */
  report: z.unknown().optional(),
  /** The last report sent from this conversation, so a repeated click on Versturen is recognised. */
  sent: z.object({ requestId: z.string(), number: z.string() }).optional(),
  /**
   * The day (YYYY-MM-DD, UTC) of the last turn. A turn that changes nothing else is not written, so this changes
   * once a day and the idle-state retention still counts from the last turn, to the day.
   */
  seen: z.string().max(10).optional(),
  /** Recent idempotency keys of card submits, so a double click acts once. */
  handled: z.array(z.string()).max(50),
});
export type ConversationData = z.infer<typeof ConversationData>;

/** A fresh record for a new conversation. */
export function newConversationData(): ConversationData {
  return { v: CONVERSATION_DATA_VERSION, welcomed: false, handled: [] };
}

/** Remembers an idempotency key; returns false when it was seen before (the action must not run again). */
export function markHandled(data: ConversationData, key: string): boolean {
  if (data.handled.includes(key)) return false;
  data.handled.push(key);
  if (data.handled.length > 50) data.handled.splice(0, data.handled.length - 50);
  return true;
}
