import { Pacer } from "../../src/util/pacer.js";

describe("Pacer", () => {
  /** A pacer on a fake clock whose sleeps move the clock on by `ms` plus `late(ms)` (a busy event loop). */
  function pacer(intervalMs: number, options: { maxKeys?: number; late?: () => number } = {}) {
    let now = 1000;
    const slept: number[] = [];
    const p = new Pacer({
      intervalMs,
      maxKeys: options.maxKeys,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        const until = now + ms + (options.late?.() ?? 0);
        await Promise.resolve();
        now = Math.max(now, until);
      },
    });
    return { p, slept, advance: (ms: number) => (now += ms), now: () => now };
  }

  it("should let the first call through at once and space the next ones per key, in call order", async () => {
    const { p } = pacer(200);
    const passages = await Promise.all([p.wait("a"), p.wait("a"), p.wait("a"), p.wait("b")]);
    expect(passages).toEqual([
      { at: 1000, waitedMs: 0 },
      { at: 1200, waitedMs: 200 },
      { at: 1400, waitedMs: 400 },
      { at: 1000, waitedMs: 0 },
    ]);
  });

  it("should not wait once the interval has passed", async () => {
    const { p, advance } = pacer(200);
    await p.wait("a");
    advance(150);
    expect((await p.wait("a")).waitedMs).toBe(50);
    advance(1000);
    expect((await p.wait("a")).waitedMs).toBe(0);
  });

  it("should measure each gap from when the previous call was really let through, not from its slot", async () => {
    // Every sleep ends 30 ms late: a pacer that booked slots in advance would let later calls follow the late
    // one closer than the interval.
    const { p } = pacer(250, { late: () => 30 });
    const passages = await Promise.all(Array.from({ length: 5 }, () => p.wait("a")));
    const gaps = passages.slice(1).map((passage, i) => passage.at - passages[i]!.at);
    expect(gaps).toEqual([280, 280, 280, 280]);
  });

  it("should sleep again when a timer fires before the slot has come", async () => {
    let early = 2;
    const { p, slept } = pacer(250, { late: () => (early-- > 0 ? -1 : 0) });
    const [first, second] = await Promise.all([p.wait("a"), p.wait("a")]);
    expect(second!.at - first!.at).toBe(250);
    // 250 ended 1 ms early, the 1 ms after it too; the third sleep reaches the slot.
    expect(slept).toEqual([250, 1, 1]);
  });

  it("should forget the least recently used key beyond its bound", async () => {
    const { p } = pacer(200, { maxKeys: 2 });
    await p.wait("a");
    await p.wait("b");
    await p.wait("c");
    // "a" was forgotten, so it starts afresh; "c" is still remembered.
    expect([(await p.wait("a")).waitedMs, (await p.wait("c")).waitedMs]).toEqual([0, 200]);
  });
});
