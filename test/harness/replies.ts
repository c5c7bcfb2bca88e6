/**
 * Reading what the bot sent: the text a person would see, the invoke response of a click, the cards and their
 * buttons, and the activity a click on a button sends. Pure functions over activities, shared by the HTTP
 * end-to-end tests (bot-server) and the TestAdapter unit tests of the features, which need them without starting
 * the app.
 */
import { isVerb, postsMessages } from "../../src/bot/actions.js";

/** An outgoing activity as the bot returned it. */
export type BotActivity = Record<string, unknown> & {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  value?: unknown;
};

/** All text a person would read in the replies: message texts, every TextBlock/FactSet in cards, and the invoke answer. */
export function visibleText(activities: BotActivity[]): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (n.type === "FactSet" && Array.isArray(n.facts)) {
      for (const f of n.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
    }
    if (typeof n.title === "string" && String(n.type ?? "").startsWith("Action.")) out.push(`[${n.title}]`);
    for (const [k, v] of Object.entries(n)) if (k !== "text" || n.type !== "TextBlock") walk(v);
  };
  for (const a of activities) {
    if (a.type === "invokeResponse") {
      // What the client shows for the click: a short notice at the card, or the card that replaces it.
      const body = (a.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
      if (body?.type === "application/vnd.microsoft.activity.message" && typeof body.value === "string") {
        if (body.value) out.push(body.value);
      } else walk(body?.value);
      continue;
    }
    if (a.type !== "message") continue;
    if (a.text) out.push(a.text);
    walk(a.attachments?.map((x) => x.content));
  }
  return out.join("\n");
}

/** Whether the replies answer an invoke: a click on a button that posts messages (Action.Submit) gets none. */
export function hasInvokeAnswer(activities: ReadonlyArray<{ type?: string }>): boolean {
  return activities.some((a) => a.type === "invokeResponse");
}

/** The body of the invoke response among the replies: what the client shows for a click. */
export function invokeBody(activities: ReadonlyArray<{ type?: string; value?: unknown }>): {
  statusCode: number;
  type: string;
  value: unknown;
} {
  const response = activities.find((a) => a.type === "invokeResponse");
  if (!response) throw new Error("no invoke response among the replies");
  return (response.value as { body: { statusCode: number; type: string; value: unknown } }).body;
}

/**
 * The Adaptive Cards the person sees after the replies, in order: the card that replaced the clicked one (an invoke
 * answer), then the cards of the messages.
 */
export function cardsOf(activities: BotActivity[]): Array<Record<string, unknown>> {
  return activities.flatMap((a) => {
    if (a.type !== "invokeResponse") return (a.attachments ?? []).map((x) => x.content);
    const body = (a.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
    return body?.type === "application/vnd.microsoft.card.adaptive"
      ? [body.value as Record<string, unknown>]
      : [];
  });
}

/**
 * Every bot button in the replies' cards, with verb and data, depth-first: an Action.Execute names its verb, an
 * Action.Submit carries it in its data.
 */
export function actionsOf(
  activities: BotActivity[],
): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const out: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "Action.Execute") {
      out.push({
        title: String(n.title),
        verb: String(n.verb),
        data: (n.data ?? {}) as Record<string, unknown>,
      });
    } else if (n.type === "Action.Submit") {
      const { verb, ...data } = (n.data ?? {}) as Record<string, unknown>;
      out.push({ title: String(n.title), verb: String(verb), data });
    }
    Object.values(n).forEach(walk);
  };
  walk(cardsOf(activities));
  return out;
}

/**
 * The activity Teams sends for a click on the bot's button for `verb`: a message with the data as its `value` for an
 * Action.Submit (buttons that only post messages), else an `adaptiveCard/action` invoke (Action.Execute).
 */
export function clickActivity(verb: string, data: unknown = {}): Record<string, unknown> {
  if (isVerb(verb) && postsMessages(verb))
    return { type: "message", value: { verb, ...(data as Record<string, unknown>) } };
  return {
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
  };
}
