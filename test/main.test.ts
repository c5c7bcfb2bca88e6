import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { environmentWithDotEnv } from "../src/main.js";
import { actionsOf, makeUser, startTestBot, visibleText, type TestBot } from "./harness/bot-server.js";

describe("main (end to end over HTTP)", () => {
  let bot: TestBot;
  afterEach(async () => {
    await bot?.stop();
  });

  it("should serve /healthz and /readyz", async () => {
    bot = await startTestBot();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    // Development mode (no app id) and the example municipality settings are said, not hidden.
    expect(await ready.json()).toEqual({
      status: "ready",
      warnings: [
        expect.stringMatching(/authentication is off/),
        expect.stringMatching(/example values/),
        expect.stringMatching(/no contact-point channel is registered .* and no SMTP or webhook fallback/),
      ],
    });
  });

  it("should let the tab's local identity act as coordinator in development mode when COORDINATORS is empty", async () => {
    bot = await startTestBot({ COORDINATORS: "" });
    const me = await fetch(`${bot.url}/api/tab/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: "local-developer" }, coordinator: true });
    expect((await fetch(`${bot.url}/api/tab/cases`)).status).toBe(200);
  });

  it("should take the first configured coordinator as the tab's local identity in development mode", async () => {
    bot = await startTestBot({ COORDINATORS: "coord-1,coord-2" });
    expect(await (await fetch(`${bot.url}/api/tab/me`)).json()).toMatchObject({
      user: { id: "coord-1" },
      coordinator: true,
      development: true,
    });
  });

  it("should welcome a new user and answer help with the command card", async () => {
    bot = await startTestBot();
    const user = makeUser();
    const first = await bot.say(user, "help");
    expect(visibleText(first)).toContain("Welkom bij Signaalwijzer");
    expect(visibleText(first)).toContain("mijn meldingen");
    expect(actionsOf(first).map((a) => a.verb)).toContain("check.menu");
    const second = await bot.say(user, "menu");
    expect(visibleText(second)).not.toContain("Welkom bij Signaalwijzer");
    expect(visibleText(second)).toContain("Wat kan ik voor je doen?");
  });

  it("should answer in English for an English Teams locale and switch on request", async () => {
    bot = await startTestBot();
    const user = makeUser("Ed", { locale: "en-GB" });
    expect(visibleText(await bot.say(user, "help"))).toContain("What can I do for you?");
    await bot.say(user, "nederlands");
    expect(visibleText(await bot.say(user, "help"))).toContain("Wat kan ik voor je doen?");
  });

  it("should welcome on install (conversationUpdate with the bot added)", async () => {
    bot = await startTestBot();
    const user = makeUser();
    const { status, body } = await bot.post({
      type: "conversationUpdate",
      channelId: "msteams",
      serviceUrl: "http://127.0.0.1:9",
      deliveryMode: "expectReplies",
      from: { id: user.id },
      recipient: { id: "bot-id" },
      conversation: { id: user.conversationId, conversationType: "personal" },
      membersAdded: [{ id: "bot-id" }],
    });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain("Welkom bij Signaalwijzer");
  });

  it("should answer a user over the rate limit with a short message, and still serve others", async () => {
    bot = await startTestBot({ RATE_LIMIT_USER_BURST: "5", RATE_LIMIT_USER_PER_MINUTE: "5" });
    const flooder = makeUser("Flo");
    const texts: string[] = [];
    for (let i = 0; i < 12; i++)
      texts.push(visibleText(await bot.say(flooder, `vraag ${i} over zoutwinning`)));
    const limited = texts.filter((t) => /Je stuurt veel berichten kort achter elkaar.*bel 112/.test(t));
    expect(limited).toHaveLength(7);
    expect(visibleText(await bot.say(makeUser("Ander"), "help"))).toContain("Wat kan ik voor je doen?");
  });

  it("should take coordinator rights from the Entra object id, never from a from.id chosen beside it", async () => {
    bot = await startTestBot({ COORDINATORS: "coord-1" });
    const ask = (from: Record<string, string>) =>
      bot.post({
        type: "message",
        text: "help",
        channelId: "msteams",
        serviceUrl: bot.serviceUrl,
        deliveryMode: "expectReplies",
        from,
        recipient: { id: "bot-id" },
        conversation: { id: `conv-${from.aadObjectId ?? from.id}` },
      });
    const forged = await ask({ id: "coord-1", aadObjectId: "someone-else" });
    expect(JSON.stringify(forged.body)).not.toMatch(/meldpunt status/);
    const real = await ask({ id: "29:teams-user-id", aadObjectId: "coord-1" });
    expect(JSON.stringify(real.body)).toMatch(/meldpunt status/);
  });

  it("should reject malformed activities with 400 and keep serving", async () => {
    bot = await startTestBot();
    expect((await bot.post({})).status).toBe(400);
    const raw = await fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect(visibleText(await bot.say(makeUser(), "help"))).toContain("Signaalwijzer");
  });

  it("should refuse a huge message politely without processing it", async () => {
    bot = await startTestBot();
    const replies = await bot.say(makeUser(), "x".repeat(5000));
    expect(visibleText(replies)).toMatch(/te lang/);
  });

  it("should answer an unknown card verb with a clear message", async () => {
    bot = await startTestBot();
    const replies = await bot.click(makeUser(), "nothing.here", { x: 1 });
    expect(visibleText(replies)).toMatch(/knop werkt niet meer/);
    expect(replies.some((a) => a.type === "invokeResponse")).toBe(true);
  });

  it("should report broken storage on /readyz with the reason", async () => {
    bot = await startTestBot();
    await rm(join(bot.dataDir, "state"), { recursive: true });
    await writeFile(join(bot.dataDir, "state"), "not a directory");
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { failures: Array<{ check: string; reason: string }> };
    expect(body.failures[0]?.check).toBe("storage");
    expect(body.failures[0]?.reason).toMatch(/not writable/);
  });

  it("should keep state across a restart on the same data directory", async () => {
    bot = await startTestBot();
    const user = makeUser("Ed", { locale: "en-US" });
    await bot.say(user, "nederlands");
    const dataDir = bot.dataDir;
    await bot.stop({ keepData: true });
    bot = await startTestBot({}, { dataDir });
    expect(visibleText(await bot.say(user, "help"))).toContain("Wat kan ik voor je doen?");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("should enforce authentication when an app id is configured", async () => {
    bot = await startTestBot({
      MicrosoftAppId: "11111111-1111-1111-1111-111111111111",
      MicrosoftAppPassword: "not-a-real-secret",
      MicrosoftAppTenantId: "22222222-2222-2222-2222-222222222222",
    });
    const activity = {
      type: "message",
      text: "help",
      channelId: "msteams",
      serviceUrl: "http://127.0.0.1:9",
      from: { id: "u" },
      recipient: { id: "b" },
      conversation: { id: "c" },
    };
    expect((await bot.post(activity)).status).toBe(401);
    expect((await bot.post(activity, { authorization: "Bearer not.a.jwt" })).status).toBe(401);
  });
});

describe("public pages", () => {
  it("should serve the privacy and terms pages the manifest links to", async () => {
    const bot = await startTestBot();
    try {
      const privacy = await fetch(`${bot.url}/privacy`);
      expect(privacy.status).toBe(200);
      const text = await privacy.text();
      expect(text).toContain("Alleen coördinatoren kunnen een melding behandelen");
      expect(text).toContain("leden van het Teams-kanaal van het aanspreekpunt");
      expect(text).not.toContain("Statistieken zijn anoniem");
      expect((await fetch(`${bot.url}/voorwaarden`)).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});

describe("environmentWithDotEnv", () => {
  it("should read .env when present, with the real environment winning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-env-"));
    const file = join(dir, ".env");
    await writeFile(file, "PORT=4100\nLOG_LEVEL=debug\n# a comment\n");
    expect(environmentWithDotEnv({ LOG_LEVEL: "warn" }, file)).toMatchObject({
      PORT: "4100",
      LOG_LEVEL: "warn",
    });
    expect(environmentWithDotEnv({ A: "1" }, join(dir, "missing.env"))).toEqual({ A: "1" });
    await rm(dir, { recursive: true, force: true });
  });
});
