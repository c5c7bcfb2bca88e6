import { jest } from "@jest/globals";
import { StorageError } from "../../src/errors.js";
import { ConversationData } from "../../src/bot/conversation-data.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAdapter, type Activity } from "botbuilder";
import { SignaalwijzerBot } from "../../src/bot/bot.js";
import type { CheckTextHandler, Feature, QuestionHandler } from "../../src/bot/feature.js";
import { handled, SKIPPED } from "../../src/bot/reply.js";
import { ReferenceStore } from "../../src/bot/references.js";
import { createLogger } from "../../src/log.js";
import { invokeBody } from "../harness/bot-server.js";
import type { KeyValueStore } from "../../src/storage/key-value-store.js";
import { openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";

/**
 * Takes every text as a question: "rec x" records x in the conversation data after a pause (to widen any race)
 * and says how many it has seen; "boom" fails.
 */
const recorder: QuestionHandler = {
  onQuestion: async (turn, text) => {
    if (text === "boom") throw new Error("simulated failure");
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
    return handled([`seen ${turn.data.handled.length + 1}`], { patch: { handled: [text] } });
  },
};

describe("SignaalwijzerBot", () => {
  let dir: string;
  let kv: KeyValueStore;
  let bot: SignaalwijzerBot;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-bot-"));
    kv = await openLowdbKeyValueStore(dir);
    bot = new SignaalwijzerBot({
      kv,
      references: new ReferenceStore(kv),
      features: [],
      knowledge: recorder,
      coordinators: [],
      logger: createLogger("silent"),
    });
  });
  afterEach(async () => {
    await kv.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("should not lose state when turns of one conversation arrive at once", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    const ref = adapter.conversation;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        adapter.processActivity({
          type: "message",
          text: `rec ${i}`,
          conversation: ref.conversation,
        } as Activity),
      ),
    );
    const key = `conversation/${ref.channelId}/${ref.conversation.id}`;
    const stored = (await kv.read([key]))[key] as { handled: string[] };
    expect([...stored.handled].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `rec ${i}`).sort());
  });

  it("should validate a stored state only when it is not the one this process saved there", async () => {
    const parse = jest.spyOn(ConversationData, "safeParse");
    try {
      const adapter = new TestAdapter((ctx) => bot.run(ctx));
      const key = `conversation/${adapter.conversation.channelId}/${adapter.conversation.conversation.id}`;
      await adapter
        .send("rec a")
        .assertReply(() => undefined)
        .assertReply("seen 1")
        .startTest();
      const afterFirst = parse.mock.calls.length;
      await adapter.send("rec b").assertReply("seen 2").send("rec c").assertReply("seen 3").startTest();
      // Both turns read back exactly what this process saved: no validation.
      expect(parse.mock.calls.length).toBe(afterFirst);

      // Another writer (an instance on the same database, a hand edit) changes it: validated, and kept.
      const stored = (await kv.read([key]))[key]!;
      await kv.write({ [key]: { ...stored, handled: ["rec x"], eTag: "*" } });
      await adapter.send("rec d").assertReply("seen 2").startTest();
      expect(parse.mock.calls.length).toBe(afterFirst + 1);

      // A state that does not validate is still caught: the conversation starts over and says so.
      await kv.write({ [key]: { handled: "not a list", eTag: "*" } });
      await adapter
        .send("rec e")
        .assertReply((a) => expect(a.text).toMatch(/opnieuw|start over/i))
        .startTest();
    } finally {
      parse.mockRestore();
    }
  });

  it("should apologise after an error and keep what was stored before it (nothing lost)", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send("rec a")
      .assertReply((a) => expect(a.attachments?.length).toBe(1)) // welcome card on first contact
      .assertReply("seen 1")
      .send("boom")
      .assertReply((a) =>
        expect(a.text).toMatch(/^Sorry, er ging bij mij iets mis. Je gegevens zijn niet verloren/),
      )
      .send("rec b")
      .assertReply("seen 2") // the state of before the failed turn is still there: no second welcome
      .startTest();
  });

  it("should clear a conversation only after three failed turns in a row, and say so", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send("rec a")
      .assertReply((a) => expect(a.attachments?.length).toBe(1))
      .assertReply("seen 1")
      .send("boom")
      .assertReply((a) => expect(a.text).toMatch(/niet verloren/))
      .send("boom")
      .assertReply((a) => expect(a.text).toMatch(/niet verloren/))
      .send("boom")
      .assertReply((a) => expect(a.text).toMatch(/loopt steeds vast. Ik begin daarom opnieuw/))
      .send("rec b")
      .assertReply((a) => expect(a.attachments?.length).toBe(1)) // cleared: welcomed again
      .assertReply("seen 1")
      .startTest();
  });

  it("should apologise for unreachable storage without clearing anything", async () => {
    const down = {
      read: async () => {
        throw new StorageError("database unreachable");
      },
      write: async () => undefined,
      delete: async () => {
        throw new Error("delete must not be called");
      },
      checkWritable: async () => undefined,
      purgeIdle: async () => 0,
      close: async () => undefined,
    };
    const broken = new SignaalwijzerBot({
      kv: down,
      references: new ReferenceStore(down),
      features: [],
      knowledge: recorder,
      coordinators: [],
      logger: createLogger("silent"),
    });
    const adapter = new TestAdapter((ctx) => broken.run(ctx));
    for (let i = 0; i < 4; i++) {
      await adapter
        .send("hallo")
        .assertReply((a) => expect(a.text).toMatch(/kan mijn opslag nu even niet bereiken.*bel 112/))
        .startTest();
    }
  });

  it("should store the user's conversation reference on every personal turn", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send("rec x").startTest();
    const user = adapter.conversation.user!;
    const ref = await new ReferenceStore(kv).getUser(user.aadObjectId ?? user.id);
    expect(ref?.conversation?.id).toBe(adapter.conversation.conversation.id);
  });
});

describe("ReferenceStore", () => {
  it("should write a user's reference only when it changed", async () => {
    const writes: string[] = [];
    const kv = {
      read: async () => ({}),
      write: async (changes: Record<string, unknown>) => void writes.push(...Object.keys(changes)),
      delete: async () => undefined,
      checkWritable: async () => undefined,
      purgeIdle: async () => 0,
      close: async () => undefined,
    };
    const store = new ReferenceStore(kv);
    const ref = {
      serviceUrl: "https://smba.example",
      conversation: { id: "a" } as never,
      bot: { id: "b" } as never,
    };
    await store.saveUser("u1", ref, new Date());
    await store.saveUser("u1", ref, new Date());
    await store.saveUser("u1", { ...ref, serviceUrl: "https://smba2.example" }, new Date());
    expect(writes).toEqual(["ref/user/u1", "ref/user/u1"]);
  });
});

describe("SignaalwijzerBot routing", () => {
  let dir: string;
  let kv: KeyValueStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-route-"));
    kv = await openLowdbKeyValueStore(dir);
  });
  afterEach(async () => {
    await kv.close();
    await rm(dir, { recursive: true, force: true });
  });

  const knowledge: QuestionHandler = { onQuestion: async (_t, text) => handled([`kb: ${text}`]) };
  const make = (features: Feature[], check?: CheckTextHandler) =>
    new SignaalwijzerBot({
      kv,
      references: new ReferenceStore(kv),
      features,
      check,
      knowledge,
      coordinators: [],
      logger: createLogger("silent"),
    });

  it("should refuse two owners for one verb or one command", () => {
    const a: Feature = { name: "a", commands: { help: async () => handled([]) } };
    const b: Feature = { name: "b", commands: { help: async () => handled([]) } };
    expect(() => make([a, b])).toThrow(/command help registered twice/);
    const c: Feature = { name: "c", actions: { "help.show": async () => handled([]) } };
    expect(() => make([c, { ...c, name: "d" }])).toThrow(/card verb help.show registered twice/);
  });

  it("should give text the check leaves alone to the knowledge base, and commands to their owner", async () => {
    const check: CheckTextHandler = {
      position: () => "advice",
      onCheckText: async (_t, text) => (text === "terug" ? handled(["check: terug"]) : SKIPPED),
    };
    const help: Feature = { name: "help", commands: { help: async () => handled(["help card"]) } };
    const adapter = new TestAdapter((ctx) => make([help], check).run(ctx));
    await adapter
      .send("terug")
      .assertReply((a) => expect(a.attachments?.length).toBe(1)) // welcome on first contact
      .assertReply("check: terug")
      .send("wat is dit")
      .assertReply("kb: wat is dit")
      .send("help")
      .assertReply("help card")
      .startTest();
  });

  it("should answer a click with its replacement card, else its notice, else an empty message", async () => {
    const feature: Feature = {
      name: "f",
      actions: {
        "help.show": async () =>
          handled(["in chat"], { update: { type: "AdaptiveCard", version: "1.5", body: [] } }),
        "help.ask": async () => handled([], { notice: "opgeslagen" }),
        "check.menu": async () => handled(["menu"]),
      },
    };
    const bot = make([feature]);
    const invoke = async (verb: string) => {
      const adapter = new TestAdapter((ctx) => bot.run(ctx));
      const sent: Partial<Activity>[] = [];
      adapter.onTurnError = async (_c, e) => {
        throw e;
      };
      const activity = {
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb, data: {} } },
        conversation: adapter.conversation.conversation,
      } as Activity;
      await adapter.processActivity(activity, async (ctx) => {
        ctx.onSendActivities(async (_c, activities, next) => {
          sent.push(...activities);
          return next();
        });
        await bot.run(ctx);
      });
      return sent;
    };
    expect(invokeBody(await invoke("help.show")).type).toBe("application/vnd.microsoft.card.adaptive");
    expect(invokeBody(await invoke("help.ask")).value).toBe("opgeslagen");
    const menu = await invoke("check.menu");
    expect(invokeBody(menu).value).toBe("");
    expect(menu.some((a) => a.text === "menu")).toBe(true);
  });
});
