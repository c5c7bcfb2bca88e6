import { Pacer } from "../../src/util/pacer.js";

describe("Pacer", () => {
  function pacer(intervalMs: number, maxKeys?: number) {
    let now = 1000;
    const slept: number[] = [];
    const p = new Pacer({
      intervalMs,
      maxKeys,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    return { p, slept, advance: (ms: number) => (now += ms) };
  }

  it("should let the first call through at once and space the next ones per key, in call order", async () => {
    const { p } = pacer(200);
    expect(await Promise.all([p.wait("a"), p.wait("a"), p.wait("a"), p.wait("b")])).toEqual([0, 200, 400, 0]);
  });

  it("should not wait once the interval has passed", async () => {
    const { p, advance } = pacer(200);
    await p.wait("a");
    advance(150);
    expect(await p.wait("a")).toBe(50);
    advance(1000);
    expect(await p.wait("a")).toBe(0);
  });

  it("should forget the least recently used key beyond its bound", async () => {
    const { p } = pacer(200, 2);
    await p.wait("a");
    await p.wait("b");
    await p.wait("c");
    // "a" was forgotten, so it starts afresh; "c" is still remembered.
    expect([await p.wait("a"), await p.wait("c")]).toEqual([0, 200]);
  });
});
