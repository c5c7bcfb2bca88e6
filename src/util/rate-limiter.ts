/**
 * @module util/rate-limiter
 * Token buckets per key (a user, a tenant): each key may spend `burst` at once and earns `perMinute` back over a
 * minute. The map holds at most `maxKeys` buckets; the least recently used goes first, so memory stays bounded
 * however many ids a caller invents. In memory per process: with several instances each enforces its own share.
 */

/** Limits of one bucket kind. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/** A keyed token-bucket limiter; `take` says whether one more request may go now. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 50_000,
  ) {}

  /** Spends one token of `key` at time `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const earned = ((now - bucket.at) / 60_000) * this.limit.perMinute;
    const tokens = Math.min(this.limit.burst, bucket.tokens + Math.max(0, earned));
    const allowed = tokens >= 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return allowed;
  }
}
