import { StorageError } from "../../src/errors.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAdapter, type Activity } from "botbuilder";
import { SignaalwijzerBot } from "../../src/bot/bot.js";
import type { Feature } from "../../src/bot/feature.js";
import { markHandled } from "../../src/bot/conversation-data.js";
import { ReferenceStore } from "../../src/bot/references.js";
import { createLogger } from "../../src/log.js";
import type { KeyValueStore } from "../../src/storage/key-value-store.js";
import { openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";

/** A feature that records each message in the conversation data after a pause, to widen any race. */
const recorder: Feature = {
  name: "recorder",
  onText: async (turn, text) => {
    if (!text.startsWith("rec ")) return false;
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
    markHandled(turn.data, text);
    await turn.say(`seen ${turn.data.handled.length}`);
    return true;
  },
};

const failing: Feature = {
  name: "failing",
  onText: async (_turn, text) => {
    if (text !== "boom") return false;
    throw new Error("simulated failure");
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
      features: [recorder, failing],
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
