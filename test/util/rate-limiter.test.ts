import { RateLimiter } from "../../src/util/rate-limiter.js";

describe("RateLimiter", () => {
  it("should allow a burst, refuse the next, and earn tokens back over time", () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    expect([1, 2, 3, 4].map(() => limiter.take("u", 0))).toEqual([true, true, true, false]);
    expect(limiter.take("u", 500)).toBe(false);
    expect(limiter.take("u", 1000)).toBe(true); // one per second
    expect(limiter.take("other", 1000)).toBe(true);
  });

  it("should keep at most maxKeys buckets, dropping the least recently used", () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, 2);
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("b", 0)).toBe(true);
    expect(limiter.take("c", 0)).toBe(true); // "a" is dropped
    expect(limiter.take("a", 0)).toBe(true); // a fresh bucket again
    expect(limiter.take("c", 0)).toBe(false);
  });
});
