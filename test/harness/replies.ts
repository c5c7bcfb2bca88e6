/**
 * Reading what the bot sent: the text a person would see, the invoke response of a click, the cards and their
 * Action.Execute buttons. Pure functions over activities, shared by the HTTP end-to-end tests (bot-server) and
 * the TestAdapter unit tests of the features, which need them without starting the app.
 */

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

/** The Adaptive Cards among the replies. */
export function cardsOf(activities: BotActivity[]): Array<Record<string, unknown>> {
  return activities.flatMap((a) => (a.attachments ?? []).map((x) => x.content));
}

/** Every Action.Execute in the replies' cards, with verb and data, depth-first. */
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
    }
    Object.values(n).forEach(walk);
  };
  walk(cardsOf(activities));
  return out;
}
