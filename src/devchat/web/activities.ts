/**
 * @module devchat/web/activities
 * The activities the page sends, shaped as a channel shapes them: a personal conversation on the `emulator`
 * channel (which the bot accepts only while authentication is off), `serviceUrl` pointing at the bot's own
 * connector emulation so replies and proactive messages come back to this page, and card clicks as Teams sends
 * them (Action.Execute as an `adaptiveCard/action` invoke, Action.Submit as a message with a `value`). Pure
 * functions, so the shapes are tested without a browser.
 */

/** An activity as JSON. */
export type Activity = Record<string, unknown>;

/** Who the page is and where it talks: one user in their personal conversation with the bot. */
export interface Session {
  userId: string;
  userName: string;
  conversationId: string;
  /** `{origin}/chat/connector`: where the bot sends what it has to say. */
  serviceUrl: string;
  locale: string;
}

/** The bot's side of the conversation (the bot takes its own id from `recipient`). */
export const BOT = { id: "signaalwijzer", name: "Signaalwijzer", role: "bot" } as const;

/** The parts every activity from the page carries. */
function envelope(session: Session, id: string, now: Date): Activity {
  return {
    id,
    channelId: "emulator",
    serviceUrl: session.serviceUrl,
    timestamp: now.toISOString(),
    locale: session.locale,
    from: { id: session.userId, name: session.userName, role: "user" },
    recipient: BOT,
    conversation: { id: session.conversationId, conversationType: "personal" },
  };
}

/** A typed message. */
export function messageActivity(session: Session, text: string, id: string, now: Date): Activity {
  return { ...envelope(session, id, now), type: "message", text, textFormat: "plain" };
}

/** The page opened a conversation the bot has not seen: the bot was "added", as when the app is installed. */
export function welcomeActivity(session: Session, id: string, now: Date): Activity {
  return {
    ...envelope(session, id, now),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id, name: BOT.name }],
  };
}

/** A click on an Action.Execute of the card in activity `cardActivityId` (Universal Actions). */
export function executeActivity(
  session: Session,
  click: { verb: string; data: unknown; actionId?: string },
  cardActivityId: string,
  id: string,
  now: Date,
): Activity {
  return {
    ...envelope(session, id, now),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId: cardActivityId,
    value: {
      action: {
        type: "Action.Execute",
        ...(click.actionId ? { id: click.actionId } : {}),
        verb: click.verb,
        data: click.data ?? {},
      },
      trigger: "manual",
    },
  };
}

/** A click on an Action.Submit: its data, with the card's input values merged in, as the message's `value`. */
export function submitActivity(
  session: Session,
  data: unknown,
  cardActivityId: string,
  id: string,
  now: Date,
): Activity {
  return { ...envelope(session, id, now), type: "message", replyToId: cardActivityId, value: data ?? {} };
}

/** What the client shows for a click: the card that replaces the clicked one, a short notice, or nothing. */
export type InvokeAnswer =
  | { kind: "card"; card: Record<string, unknown> }
  | { kind: "notice"; text: string }
  | { kind: "none" }
  | { kind: "error"; status: number };

const CARD = "application/vnd.microsoft.card.adaptive";
const MESSAGE = "application/vnd.microsoft.activity.message";

/** Reads the invoke response body (`{ statusCode, type, value }`) the bot answered a click with. */
export function readInvokeAnswer(httpStatus: number, body: unknown): InvokeAnswer {
  const b = (body ?? {}) as { statusCode?: unknown; type?: unknown; value?: unknown };
  const status = typeof b.statusCode === "number" ? b.statusCode : httpStatus;
  if (httpStatus >= 400 || status >= 400) return { kind: "error", status: Math.max(httpStatus, status) };
  if (b.type === CARD && b.value && typeof b.value === "object") {
    return { kind: "card", card: b.value as Record<string, unknown> };
  }
  if (b.type === MESSAGE && typeof b.value === "string" && b.value.trim() !== "") {
    return { kind: "notice", text: b.value };
  }
  return { kind: "none" };
}

/** The Adaptive Cards among an activity's attachments. */
export function cardsOf(activity: Activity): Array<Record<string, unknown>> {
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as Activity[]) : [];
  return attachments
    .filter((a) => a.contentType === CARD && a.content && typeof a.content === "object")
    .map((a) => a.content as Record<string, unknown>);
}

/** The activity that replaces a card in the conversation log: the card the bot answered a click with. */
export function cardUpdate(card: Record<string, unknown>): Activity {
  return { type: "message", attachments: [{ contentType: CARD, content: card }] };
}
