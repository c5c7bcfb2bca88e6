import { DeliveryError, StorageError } from "../../src/errors.js";
import { backoffDelay, createDispatcher, type DeliveryChannel } from "../../src/notify/dispatcher.js";
import { connector500, noTarget, RecordingChannel } from "../fixtures/cases/channels.js";
import {
  assessment,
  coordinator,
  draft,
  reporterIdentity,
  serviceFixture,
} from "../fixtures/cases/service.js";

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

describe("backoffDelay", () => {
  it("should double from the base up to the maximum, scaled by jitter", () => {
    const s = { baseMs: 1000, maxMs: 300_000, maxAttempts: 8, random: () => 0.999999 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, s))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, s)).toBe(300_000);
    expect(backoffDelay(3, { ...s, random: () => 0 })).toBe(2000);
  });
});

describe("dispatcher", () => {
  let f: Fixture;
  const backoff = { baseMs: 1000, maxMs: 60_000, maxAttempts: 4, random: () => 0.999999 };
  beforeEach(async () => {
    // Coordinators: coord-1 on duty, so a new case yields a channel item and one personal item.
    f = await serviceFixture();
  });
  afterEach(() => f.cleanup());

  const dispatcher = (teams: RecordingChannel, fallback?: RecordingChannel) =>
    createDispatcher({
      store: f.store,
      channels: { teams, fallback },
      clock: f.clock,
      logger: f.logger,
      backoff,
    });

  async function submit(requestId = "r1") {
    const result = await f.service.submitReport(draft, assessment, reporterIdentity, requestId);
    if (result.status !== "created") throw new Error(result.status);
    return result.case;
  }

  it("should deliver each item once, mark it done and store the channel card", async () => {
    const c = await submit();
    const teams = new RecordingChannel();
    const d = dispatcher(teams);
    expect(await d.runOnce()).toEqual({ claimed: 2, delivered: 2, retried: 0, dead: 0 });
    expect(await d.runOnce()).toEqual({ claimed: 0, delivered: 0, retried: 0, dead: 0 });
    expect(teams.sent.map((s) => s.key).sort()).toEqual([`${c.id}:1:channel`, `${c.id}:1:user:coord-1`]);
    expect((await f.store.getCase(c.id))?.card).toEqual({
      activityId: expect.any(String),
      conversationId: "channel-conv",
    });
    expect(await f.store.countOutbox()).toEqual({ pending: 0, done: 2, dead: 0 });
  });

  it("should record, not resend, an item that was sent while its 'delivered' could not be stored", async () => {
    await submit();
    const teams = new RecordingChannel();
    const markDelivered = f.store.markDelivered.bind(f.store);
    let failNext = 1;
    f.store.markDelivered = async (...args) => {
      if (failNext-- > 0) throw new StorageError("database unreachable");
      return markDelivered(...args);
    };
    const d = createDispatcher({
      store: f.store,
      channels: { teams },
      clock: f.clock,
      logger: f.logger,
      backoff,
      leaseMs: 1000,
    });
    await expect(d.runOnce()).rejects.toThrow(StorageError);
    expect(teams.sent).toHaveLength(1);
    f.clock.advance(5000); // the lease of the unrecorded item runs out
    expect(await d.runOnce()).toMatchObject({ delivered: 2 });
    expect(teams.sent).toHaveLength(2); // the first item was recorded, not sent again
    expect(await f.store.countOutbox()).toEqual({ pending: 0, done: 2, dead: 0 });
  });

  it("should retry with backoff while the connector fails, then deliver exactly once", async () => {
    await submit();
    // The first three calls fail (two items: first pass fails both, second pass fails one).
    const teams = new RecordingChannel((call) => (call <= 3 ? connector500() : undefined));
    const d = dispatcher(teams);
    expect(await d.runOnce()).toMatchObject({ delivered: 0, retried: 2 });
    f.clock.advance(999);
    expect((await d.runOnce()).claimed).toBe(0);
    f.clock.advance(1);
    expect(await d.runOnce()).toMatchObject({ claimed: 2, delivered: 1, retried: 1 });
    f.clock.advance(1999);
    expect((await d.runOnce()).claimed).toBe(0);
    f.clock.advance(1);
    expect(await d.runOnce()).toMatchObject({ delivered: 1 });
    f.clock.advance(600_000);
    await d.runOnce();
    expect(teams.sent).toHaveLength(2);
    expect(new Set(teams.sent.map((s) => s.key)).size).toBe(2);
  });

  it("should go to the fallback at once when no Teams target is registered", async () => {
    const c = await submit();
    const teams = new RecordingChannel((_call, item) =>
      item.target.kind === "channel" ? noTarget() : undefined,
    );
    const fallback = new RecordingChannel();
    const stats = await dispatcher(teams, fallback).runOnce();
    expect(stats).toMatchObject({ dead: 1, delivered: 2 });
    expect(fallback.sent).toEqual([
      { key: `${c.id}:1:fallback`, event: "case.created", caseNumber: c.number },
    ]);
    const dead = await f.store.listDead();
    expect(dead.map((i) => [i.target.kind, i.lastError])).toEqual([["channel", "no_target"]]);
  });

  it("should let a case wait for a channel when none is registered and no fallback exists, then deliver it once", async () => {
    const c = await submit();
    let registered = false;
    const teams = new RecordingChannel((_call, item) =>
      item.target.kind === "channel" && !registered ? noTarget() : undefined,
    );
    const d = dispatcher(teams);
    for (let pass = 0; pass < 10; pass++) {
      await d.runOnce();
      f.clock.advance(60_000);
    }
    expect(await f.store.listDead()).toEqual([]);
    expect(teams.sent.filter((s) => s.key === `${c.id}:1:channel`)).toHaveLength(0);
    registered = true;
    f.clock.advance(60_000);
    await d.runOnce();
    expect(teams.sent.filter((s) => s.key === `${c.id}:1:channel`)).toHaveLength(1);
    expect(await f.store.countOutbox()).toMatchObject({ pending: 0, dead: 0 });
  });

  it("should mark an item dead after the maximum attempts and send its event to the fallback once", async () => {
    const c = await submit();
    const teams = new RecordingChannel(() => connector500());
    const fallback = new RecordingChannel();
    const d = dispatcher(teams, fallback);
    for (let i = 0; i < 6; i++) {
      await d.runOnce();
      f.clock.advance(60_000);
    }
    expect(teams.calls).toBe(8); // 2 items x 4 attempts
    expect((await f.store.listDead()).map((i) => i.attempts)).toEqual([4, 4]);
    // Both dead items are the same case event: the fallback gets it once.
    expect(fallback.sent.map((s) => s.key)).toEqual([`${c.id}:1:fallback`]);
  });

  it("should keep a dead item visible when there is no fallback channel", async () => {
    await submit();
    const teams = new RecordingChannel(() => new DeliveryError("forbidden", { retryable: false }));
    expect(await dispatcher(teams).runOnce()).toMatchObject({ dead: 2 });
    expect(await f.store.listDead()).toHaveLength(2);
  });

  it("should never let two dispatchers deliver the same item", async () => {
    for (let i = 0; i < 10; i++) await submit(`r${i}`);
    const teams = new RecordingChannel();
    const one = createDispatcher({
      store: f.store,
      channels: { teams },
      clock: f.clock,
      logger: f.logger,
      batchSize: 3,
    });
    const two = createDispatcher({
      store: f.store,
      channels: { teams },
      clock: f.clock,
      logger: f.logger,
      batchSize: 3,
    });
    await Promise.all([one.runOnce(), two.runOnce(), one.runOnce()]);
    expect(teams.sent).toHaveLength(20);
    expect(new Set(teams.sent.map((s) => s.key)).size).toBe(20);
  });

  it("should deliver one case's notifications in order while a second pass starts mid-send", async () => {
    const c = await submit();
    // The first pass is held inside its first send; meanwhile the case is referred and closed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inSend = new Promise<void>((r) => (entered = r));
    const order: string[] = [];
    const teams: DeliveryChannel = {
      async deliver(item) {
        if (order.length === 0) {
          entered();
          await held;
        }
        order.push(`${item.seq}:${item.event}:${item.target.kind}`);
        return item.target.kind === "channel" ? { activityId: "a", conversationId: "channel-conv" } : {};
      },
    };
    const first = dispatcher(teams as RecordingChannel).runOnce();
    await inSend;
    await f.service.claim(c.id, coordinator);
    await f.service.refer(c.id, coordinator, "arbeidsinspectie", "");
    await f.service.close(c.id, coordinator, "Doorgezet");
    // A second pass while the first still sends: the case has a delivery in flight, so it waits.
    const second = await dispatcher(teams as RecordingChannel).runOnce();
    release();
    await first;
    expect(second).toMatchObject({ claimed: 0 });
    // The held pass's next round took the later events, in event order.
    const seqs = order.map((o) => Number(o.split(":")[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(order.filter((o) => o.includes("reporter.status"))).toHaveLength(3);
    expect(await f.store.countOutbox()).toMatchObject({ pending: 0 });
  });

  it("should deliver after a crash once the crashed dispatcher's lease runs out", async () => {
    await submit();
    // A dispatcher claimed the items and died before sending.
    await f.store.claimDue(f.clock.now(), 10, 60_000);
    const teams = new RecordingChannel();
    const restarted = dispatcher(teams);
    expect((await restarted.runOnce()).claimed).toBe(0);
    f.clock.advance(60_000);
    expect(await restarted.runOnce()).toMatchObject({ delivered: 2 });
    expect(teams.sent).toHaveLength(2);
  });

  it("should run passes on a timer and wait for the running pass on stop", async () => {
    await submit();
    const teams = new RecordingChannel();
    const d = dispatcher(teams);
    d.start(5);
    const deadline = Date.now() + 5000;
    while (teams.sent.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await d.stop();
    expect(teams.sent).toHaveLength(2);
    await submit("later");
    await new Promise((r) => setTimeout(r, 30));
    expect(teams.sent).toHaveLength(2);
  });
});
