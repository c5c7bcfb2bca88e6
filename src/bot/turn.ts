/**
 * @module bot/turn
 * One turn as the features see it: who is talking, in which language, the conversation's saved data, and ways
 * to answer (messages, cards, and for Universal Actions the invoke response that replaces the clicked card).
 */
import type { Activity, TurnContext } from "botbuilder";
import { cardAttachment, type AdaptiveCard } from "./cards/adaptive.js";
import type { ConversationData } from "./conversation-data.js";
import type { Lang } from "./texts.js";

/** The person behind the activity; `id` is their stable id (Entra object id in Teams, else the channel id). */
export interface TurnUser {
  id: string;
  name?: string;
  isCoordinator: boolean;
}

/** What an Action.Execute invoke answers with: a replacement card or a short message. */
export type InvokeAnswer = { kind: "card"; card: AdaptiveCard } | { kind: "message"; text: string };

/** A message part: plain (markdown) text or an Adaptive Card. */
export type ReplyPart = string | AdaptiveCard;

/** The features' view of a turn. */
export class Turn {
  invokeAnswer?: InvokeAnswer;
  /** Set once the 112 card went out this turn, so it is never sent twice. */
  acuteShown = false;

  constructor(
    readonly ctx: TurnContext,
    readonly data: ConversationData,
    public lang: Lang,
    readonly user: TurnUser,
    readonly now: Date,
  ) {}

  /** The conversation id of this turn. */
  get conversationId(): string {
    return this.ctx.activity.conversation.id;
  }

  /** True in a personal (1:1) chat with the bot. */
  get isPersonal(): boolean {
    const type = this.ctx.activity.conversation.conversationType;
    return !type || type === "personal";
  }

  /** Sends each part as its own message, in order. */
  async say(...parts: ReplyPart[]): Promise<void> {
    for (const part of parts) await this.ctx.sendActivity(toActivity(part));
  }

  /** Sends text with suggested-action buttons (quick replies shown under the message). */
  async suggest(text: string, options: ReadonlyArray<{ title: string; value: string }>): Promise<void> {
    await this.ctx.sendActivity({
      type: "message",
      text,
      suggestedActions: {
        to: [],
        actions: options.map((o) => ({ type: "imBack", title: o.title, value: o.value })),
      },
    });
  }
}

/** Turns a reply part into an outgoing activity. */
export function toActivity(part: ReplyPart): Partial<Activity> {
  return typeof part === "string"
    ? { type: "message", text: part, textFormat: "markdown" }
    : { type: "message", attachments: [cardAttachment(part)] };
}
