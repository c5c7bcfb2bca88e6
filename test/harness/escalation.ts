/**
 * Shared steps of the escalation tests: register the contact point's channel, and send a report from the advice
 * card of a finished signal check.
 */
import { startFakeConnector, type ConnectorCall, type FakeConnector } from "./fake-connector.js";
import {
  actionsOf,
  makeUser,
  startTestBot,
  visibleText,
  type BotActivity,
  type BotClient,
  type TestBot,
  type TestUser,
} from "./bot-server.js";
import { loadRepoContent, planRoute, playRoute, type Move } from "./routes.js";

export const CHANNEL = "19:meldpunt@thread.tacv2";

/** The contact point of these tests: coordinators coord-1 (Carla) and coord-2 (Kees), each in a personal chat. */
export function contactPointUsers(): { coordinator: TestUser; colleague: TestUser } {
  return {
    coordinator: makeUser("Carla Coördinator", { id: "coord-1", conversationId: "conv-coord-1" }),
    colleague: makeUser("Kees Collega", { id: "coord-2", conversationId: "conv-coord-2" }),
  };
}

/** A running bot whose Bot Connector is a fake one, and how to stop both. */
export interface ContactPointBot {
  connector: FakeConnector;
  bot: TestBot;
  /** Stops `current` (a bot the test started in place of the first one) or the first one, then the connector. */
  stop(current?: TestBot): Promise<void>;
}

/**
 * Starts a fake Bot Connector and the real server sending to it, with coord-1 and coord-2 as coordinators, the
 * outbox dispatched every 50 ms, and `env` on top.
 */
export async function startContactPointBot(env: Record<string, string> = {}): Promise<ContactPointBot> {
  const connector = await startFakeConnector();
  const bot = await startTestBot(
    { COORDINATORS: "coord-1,coord-2", DISPATCH_INTERVAL_MS: "50", ...env },
    { serviceUrl: connector.url },
  );
  return {
    connector,
    bot,
    stop: async (current = bot) => {
      await current.stop();
      await connector.close();
    },
  };
}

export function cardText(call: ConnectorCall): string {
  return JSON.stringify(call.body);
}

export function channelUser(id: string, name: string): TestUser {
  return { id, name, conversationId: `${CHANNEL};messageid=1`, conversationType: "channel" };
}

/** The channel message in which a coordinator types `registreer meldpunt` (with the bot @mentioned). */
export function registrationActivity(
  serviceUrl: string,
  coordinator: Pick<TestUser, "id" | "name">,
  channel = CHANNEL,
): Record<string, unknown> {
  return {
    type: "message",
    text: "<at>Signaalwijzer</at> registreer meldpunt",
    entities: [
      { type: "mention", text: "<at>Signaalwijzer</at>", mentioned: { id: "bot-id", name: "Signaalwijzer" } },
    ],
    channelId: "msteams",
    serviceUrl,
    deliveryMode: "expectReplies",
    from: { id: coordinator.id, name: coordinator.name, aadObjectId: coordinator.id },
    recipient: { id: "bot-id", name: "Signaalwijzer" },
    conversation: { id: `${channel};messageid=1`, conversationType: "channel", isGroup: true },
    channelData: { channel: { id: channel }, team: { id: "19:team@thread.tacv2" } },
  };
}

/** Registers the coordinators' channel and gives the coordinators a personal chat with the bot. */
export async function setUpContactPoint(bot: BotClient, coordinator: TestUser): Promise<void> {
  const replies = await bot.post(registrationActivity(bot.serviceUrl, coordinator));
  expect(JSON.stringify(replies.body)).toContain("geregistreerd als meldpunt");
}

/**
 * Finishes a check with the advice ESCALATE-or-higher and sends a report from the advice card: the labour tree's
 * longest route, or the `moves` given.
 */
export async function reportFromAdvice(
  bot: BotClient,
  reporter: TestUser,
  route?: { treeId: string; moves: Move[] },
): Promise<{ number: string; requestId: string; receipt: BotActivity[] }> {
  const content = await loadRepoContent();
  const tree = content.trees.find((t) => t.id === (route?.treeId ?? "arbeidsuitbuiting"))!;
  const moves = route?.moves ?? planRoute(content, tree, "longest").moves;
  const advice = await playRoute(bot, reporter, tree.id, moves);
  const start = actionsOf(advice).find((a) => a.verb === "report.start");
  expect(start).toBeDefined();
  const form = await bot.click(reporter, "report.start", start!.data);
  expect(visibleText(form)).toMatch(/Melden bij het aanspreekpunt/);
  const { receipt, requestId } = await reviewAndSubmit(bot, reporter, {
    description: "Zes mannen slapen in de loods naast de kas. Werkgever houdt paspoorten.",
    place: "Wijk Noord",
    seenAt: "maandag ochtend",
    department: "handhaving",
    contact: "via Teams",
  });
  const number = /MH-\d{4}-\d{4}/.exec(visibleText(receipt))?.[0];
  expect(number).toBeDefined();
  return { number: number!, requestId, receipt };
}

/** Sends the open report form with `fields`, confirms the summary with Versturen and returns the receipt. */
export async function reviewAndSubmit(
  bot: BotClient,
  reporter: TestUser,
  fields: Record<string, string>,
): Promise<{ receipt: BotActivity[]; requestId: string }> {
  const summary = await bot.click(reporter, "report.review", fields);
  const send = actionsOf(summary).find((a) => a.verb === "report.submit");
  expect(send).toBeDefined();
  const receipt = await bot.click(reporter, "report.submit", send!.data);
  return { receipt, requestId: String(send!.data.requestId) };
}
