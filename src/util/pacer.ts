/**
 * @module util/pacer
 * Spaces calls out in time: `wait(key)` resolves no sooner than `intervalMs` after the previous call for the same
 * key was let through. Slots are reserved at once, in call order, so callers are served first come, first served
 * and nothing is dropped (unlike util/rate-limiter, which refuses). Keys are bounded: the least recently used goes
 * first. In memory per process: with several instances each paces its own sends.
 */

export interface PacerOptions {
  /** The smallest gap between two calls for one key. */
  intervalMs: number;
  /** How many keys are remembered (a forgotten key starts afresh). */
  maxKeys?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class Pacer {
  private readonly next = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits for the next free slot of `key`; the wait in ms it took (0 when none). */
  async wait(key: string): Promise<number> {
    const now = this.now();
    const slot = Math.max(now, this.next.get(key) ?? 0);
    this.next.delete(key);
    this.next.set(key, slot + this.options.intervalMs);
    if (this.next.size > (this.options.maxKeys ?? 10_000)) {
      this.next.delete(this.next.keys().next().value as string);
    }
    const delay = slot - now;
    if (delay > 0) await this.sleep(delay);
    return delay;
  }
}
