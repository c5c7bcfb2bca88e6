/**
 * The local web chat's server side through the real app: the page and its script in development mode only, the
 * connector emulation keeping what the bot sends and streaming it to the page, and the bounds on all of it.
 */
import { randomUUID } from "node:crypto";
import { openChatEvents, type ChatEvent } from "../harness/chat-events.js";
import { startTestBot, type TestBot } from "../harness/bot-server.js";

const CARD = "application/vnd.microsoft.card.adaptive";

/** A message as the page sends it: emulator channel, personal chat, replies to the bot's own connector. */
function pageMessage(bot: TestBot, conversationId: string, text: string): Record<string, unknown> {
  return {
    type: "message",
    id: `m-${randomUUID()}`,
    channelId: "emulator",
    serviceUrl: `${bot.url}/chat/connector`,
    locale: "nl-NL",
    text,
    from: { id: `user-of-${conversationId}`, name: "Ontwikkelaar", role: "user" },
    recipient: { id: "signaalwijzer", name: "Signaalwijzer", role: "bot" },
    conversation: { id: conversationId, conversationType: "personal" },
  };
}

async function connector(
  bot: TestBot,
  method: "POST" | "PUT",
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${bot.url}/chat/connector/v3/conversations${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * GETs `path` and reads the whole answer. A body left unread keeps its socket (the server cannot finish writing a
 * large file), and that socket outlived the suite and kept the jest worker from exiting.
 */
async function get(bot: TestBot, path: string): Promise<{ status: number; type: string | null }> {
  const res = await fetch(`${bot.url}${path}`);
  await res.arrayBuffer();
  return { status: res.status, type: res.headers.get("content-type") };
}

const isActivity = (text: RegExp) => (e: ChatEvent) =>
  e.event === "activity" && text.test(JSON.stringify(e.data));

describe("local web chat (development mode)", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it("should serve the page and its bundled script with a strict Content-Security-Policy", async () => {
    const page = await fetch(`${bot.url}/chat`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('src="/chat/app.js"');
    expect(html).toMatch(/aria-live="polite"/);

    const script = await fetch(`${bot.url}/chat/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("no-cache");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const etag = script.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const again = await fetch(`${bot.url}/chat/app.js`, { headers: { "if-none-match": etag! } });
    await again.arrayBuffer();
    expect(again.status).toBe(304);

    for (const css of ["/chat/chat.css", "/chat/adaptivecards.css"]) {
      const res = await get(bot, css);
      expect([res.status, res.type]).toEqual([200, "text/css; charset=utf-8"]);
    }
  });

  it("should keep the bot's replies in the conversation and stream them, with a replay for a reload", async () => {
    const conversationId = `devchat-conv-${randomUUID()}`;
    const live = await openChatEvents(bot.url, conversationId);
    expect(live.status).toBe(200);
    const ready = await live.waitFor((e) => e.event === "ready");
    expect(ready.data).toEqual({ empty: true });
    expect(live.events[0]?.event).toBe("reset");

    const message = pageMessage(bot, conversationId, "help");
    const posted = await bot.post(message);
    expect(posted.status).toBe(200);
    const reply = await live.waitFor(isActivity(/.+/));
    expect(reply.data).toMatchObject({
      type: "message",
      replyToId: message.id,
      conversation: { id: conversationId },
    });
    expect(reply.id).toMatch(/^\w+\.\d+$/);

    // A card update (PUT) replaces the activity; a page that reconnects gets only what it missed.
    const update = await connector(
      bot,
      "PUT",
      `/${encodeURIComponent(conversationId)}/activities/${String(reply.data.id)}`,
      { type: "message", attachments: [{ contentType: CARD, content: { type: "AdaptiveCard", body: [] } }] },
    );
    expect(update).toEqual({ status: 200, body: { id: reply.data.id } });
    const updated = await live.waitFor((e) => e.event === "update");
    expect(updated.data).toMatchObject({ id: reply.data.id, replyToId: message.id });
    const lastSeen = live.events.at(-1)!.id;
    live.close();

    const resumed = await openChatEvents(bot.url, conversationId, lastSeen);
    await resumed.waitFor((e) => e.event === "ready");
    expect(resumed.events.map((e) => e.event)).toEqual(["ready"]);
    resumed.close();

    const reloaded = await openChatEvents(bot.url, conversationId);
    await reloaded.waitFor((e) => e.event === "ready");
    const replayed = reloaded.events.filter((e) => e.event === "activity");
    expect(replayed.map((e) => e.data.id)).toContain(reply.data.id);
    expect(replayed.find((e) => e.data.id === reply.data.id)?.data.attachments).toEqual([
      { contentType: CARD, content: { type: "AdaptiveCard", body: [] } },
    ]);
    expect(reloaded.events.at(-1)).toMatchObject({ event: "ready", data: { empty: false } });
    reloaded.close();
  });

  it("should create conversations and take proactive posts as the Bot Connector does", async () => {
    const created = await connector(bot, "POST", "", {
      isGroup: false,
      members: [{ id: "someone" }],
      activity: { type: "message", text: "eerste bericht" },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect(id).toMatch(/^devchat-conv-/);
    expect(created.body.activityId).toMatch(/^devchat-act-\d+$/);
    const events = await openChatEvents(bot.url, id);
    await events.waitFor(isActivity(/eerste bericht/));
    const sent = await connector(bot, "POST", `/${encodeURIComponent(id)}/activities`, {
      type: "message",
      text: "later bericht",
    });
    expect(sent.status).toBe(200);
    const later = await events.waitFor(isActivity(/later bericht/));
    expect(later.data.replyToId).toBeUndefined();
    events.close();
  });

  it("should bound activity size, nesting, ids and the number of open streams", async () => {
    const path = `/${encodeURIComponent("devchat-conv-bounds")}/activities`;
    const big = await connector(bot, "POST", path, { type: "message", text: "x".repeat(70 * 1024) });
    expect(big).toEqual({
      status: 413,
      body: { error: expect.objectContaining({ code: "MessageSizeTooBig" }) },
    });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { deep };
    expect((await connector(bot, "POST", path, { type: "message", value: deep })).status).toBe(400);
    expect((await connector(bot, "POST", path, { text: "no type" })).status).toBe(400);
    expect((await connector(bot, "POST", path, "not json")).status).toBe(400);
    // Longer than restify's router matches (100 characters): no such route; the stream refuses it itself.
    const longId = "c".repeat(101);
    expect((await connector(bot, "POST", `/${longId}/activities`, { type: "message" })).status).toBe(404);
    const badId = encodeURIComponent("devchat conv\n");
    expect((await connector(bot, "POST", `/${badId}/activities`, { type: "message" })).status).toBe(400);
    expect((await connector(bot, "PUT", `${path}/devchat-act-0`, { type: "message" })).status).toBe(404);
    expect((await get(bot, `/chat/events?conversation=${longId}`)).status).toBe(400);
    expect((await get(bot, "/chat/events")).status).toBe(400);

    const open = await Promise.all(
      Array.from({ length: 32 }, () => openChatEvents(bot.url, "devchat-conv-many")),
    );
    expect(open.every((s) => s.status === 200)).toBe(true);
    const refused = await openChatEvents(bot.url, "devchat-conv-many");
    expect(refused.status).toBe(503);
    open[0]!.close();
    // The server notices the closed stream when its socket closes.
    let retried = refused;
    for (let i = 0; i < 50 && retried.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      retried = await openChatEvents(bot.url, "devchat-conv-many");
    }
    expect(retried.status).toBe(200);
    for (const s of [...open, retried]) s.close();
  });
});

describe("local web chat with an app id (authenticated mode)", () => {
  it("should not exist: /chat, its script, its events and the connector answer 404", async () => {
    const tenant = randomUUID();
    const bot = await startTestBot({
      MicrosoftAppId: randomUUID(),
      MicrosoftAppPassword: "secret",
      MicrosoftAppTenantId: tenant,
    });
    try {
      for (const path of ["/chat", "/chat/app.js", "/chat/events?conversation=x"]) {
        expect([path, (await get(bot, path)).status]).toEqual([path, 404]);
      }
      const post = await fetch(`${bot.url}/chat/connector/v3/conversations/x/activities`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", text: "hallo" }),
      });
      await post.arrayBuffer();
      expect(post.status).toBe(404);
      expect((await get(bot, "/healthz")).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});
