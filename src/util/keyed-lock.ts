/**
 * @module util/keyed-lock
 * Runs async work one at a time per key (e.g. per conversation), while different keys run in parallel.
 * Entries are removed when their queue drains, so the map does not grow with the number of keys seen.
 */

/** A per-key mutex built on promise chains. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier `run` with the same key has settled; returns its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running (for shutdown and metrics). */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when all work queued so far has settled. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
