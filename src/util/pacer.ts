/**
 * @module util/pacer
 * Spaces calls out in time: `wait(key)` resolves no sooner than `intervalMs` after the previous call for the same
 * key was let through. Callers queue per key in call order (first come, first served, nothing dropped, unlike
 * util/rate-limiter, which refuses), and each gap is measured from the moment the previous call was actually let
 * through: a timer that fires late (a busy event loop) delays the calls after it instead of squeezing them closer.
 * Keys are bounded: the least recently used goes first. In memory per process: with several instances each paces
 * its own sends.
 */

export interface PacerOptions {
  /** The smallest gap between two calls for one key. */
  intervalMs: number;
  /** How many keys are remembered (a forgotten key starts afresh). */
  maxKeys?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** When a call was let through, and how long it waited for that. */
export interface Passage {
  /** `now()` at the moment the call was let through. */
  at: number;
  waitedMs: number;
}

export class Pacer {
  /** Per key: when the last queued call is (or was) let through. */
  private readonly last = new Map<string, Promise<number>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits for the next free slot of `key`. */
  async wait(key: string): Promise<Passage> {
    const asked = this.now();
    const previous = this.last.get(key);
    const passage = previous ? this.after(previous) : Promise.resolve(asked);
    this.last.delete(key);
    this.last.set(key, passage);
    if (this.last.size > (this.options.maxKeys ?? 10_000)) {
      this.last.delete(this.last.keys().next().value as string);
    }
    const at = await passage;
    return { at, waitedMs: at - asked };
  }

  /** Resolves with the moment this call is let through: at least `intervalMs` after `previous` was. */
  private async after(previous: Promise<number>): Promise<number> {
    const due = (await previous) + this.options.intervalMs;
    // Timers may fire a millisecond early against the wall clock: sleep again until the slot has really come.
    let now = this.now();
    while (now < due) {
      await this.sleep(due - now);
      now = this.now();
    }
    return now;
  }
}
