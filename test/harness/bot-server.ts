/**
 * End-to-end harness: starts the real app (config, storage, content, HTTP server) on a free port with its data
 * in a temp directory, and posts activities with `deliveryMode: 'expectReplies'` like the chat CLI does.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { createApp, type App, type AppOptions } from "../../src/main.js";
import { clickActivity, type BotActivity } from "./replies.js";

export { actionsOf, cardsOf, hasInvokeAnswer, invokeBody, visibleText, type BotActivity } from "./replies.js";

/** A conversation partner for tests: one user in one conversation. */
export interface TestUser {
  id: string;
  name: string;
  conversationId: string;
  conversationType?: "personal" | "channel";
  locale?: string;
}

/** A running test bot. */
export interface TestBot {
  url: string;
  /** The serviceUrl the test activities carry (where proactive calls go). */
  serviceUrl: string;
  dataDir: string;
  app: App;
  /** Posts a text message and returns the bot's replies; `activityId` when the test needs to know it. */
  say(user: TestUser, text: string, activityId?: string): Promise<BotActivity[]>;
  /** Clicks an Action.Execute button (an `adaptiveCard/action` invoke) and returns the replies. */
  click(
    user: TestUser,
    verb: string,
    data?: Record<string, unknown>,
    activityId?: string,
  ): Promise<BotActivity[]>;
  /** Posts any activity (merged over a valid message) and returns the HTTP status and body. */
  post(
    activity: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Makes a user with a personal conversation of their own. */
export function makeUser(name = "Tess Tester", extra: Partial<TestUser> = {}): TestUser {
  const id = `user-${randomUUID().slice(0, 8)}`;
  return { id, name, conversationId: `conv-${id}`, conversationType: "personal", ...extra };
}

/** The conversation side of a TestBot: talks to any running bot at `url` over HTTP. */
export type BotClient = Pick<TestBot, "url" | "serviceUrl" | "say" | "click" | "post">;

/** A client for the bot at `url`; activities carry `serviceUrl` as the channel's callback address. */
export function botClient(url: string, serviceUrl: string): BotClient {
  const post = async (activity: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const base = (user: TestUser, id = `act-${randomUUID()}`) => ({
    channelId: "msteams",
    serviceUrl,
    id,
    timestamp: new Date().toISOString(),
    deliveryMode: "expectReplies",
    locale: user.locale ?? "nl-NL",
    from: { id: user.id, name: user.name, aadObjectId: user.id },
    recipient: { id: "bot-id", name: "Signaalwijzer" },
    conversation: { id: user.conversationId, conversationType: user.conversationType ?? "personal" },
  });
  const exchange = async (activity: Record<string, unknown>): Promise<BotActivity[]> => {
    const { status, body } = await post(activity);
    if (status !== 200) throw new Error(`bot answered HTTP ${status}: ${JSON.stringify(body)}`);
    return ((body as { activities?: BotActivity[] } | undefined)?.activities ?? []) as BotActivity[];
  };
  return {
    url,
    serviceUrl,
    post,
    say: (user, text, activityId) => exchange({ ...base(user, activityId), type: "message", text }),
    click: (user, verb, data = {}, activityId) =>
      exchange({ ...base(user, activityId), ...clickActivity(verb, data) }),
  };
}

/** Starts the app with `env` over safe test defaults; `serviceUrl` is where proactive calls go. */
export async function startTestBot(
  env: Record<string, string> = {},
  options: { serviceUrl?: string; dataDir?: string } & Pick<
    AppOptions,
    "clock" | "reminderSchedule" | "logger"
  > = {},
): Promise<TestBot> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "sw-e2e-")));
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env });
  const app = await createApp(config, {
    logger: options.logger ?? createLogger("silent"),
    clock: options.clock,
    reminderSchedule: options.reminderSchedule,
  });
  const { url } = await app.start();
  return {
    ...botClient(url, options.serviceUrl ?? "http://127.0.0.1:9"),
    dataDir,
    app,
    stop: async ({ keepData = false } = {}) => {
      await app.stop();
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
