/**
 * @module storage/lowdb-kv-store
 * The embedded KeyValueStore: one small JSON file per key under `<dataDir>/state`, written atomically by lowdb's
 * JSONFile (temp file + rename). One file per key keeps the cost of a turn flat however many conversations are
 * stored; a per-key lock makes the eTag check and the write one step within this process. The data folder's lock
 * (lowdb/data-dir-lock) lets only one process use the folder, so the last items read or written are kept in a
 * bounded in-process cache: a turn reads its state from memory, and every write still goes to disk first.
 *
 * Retention (`purgeIdle`) streams the folder in bounded batches with a few file-system calls at a time and yields
 * to turns between batches, so it runs beside the traffic at any size; purges asked for together share one pass.
 * A file's modification time is when its key was last written; it is checked again under the key's lock right
 * before the file goes, so a key written during the pass is kept. Each file goes with one unlink: a pass that is
 * stopped or crashes halfway leaves every file whole, and the next pass picks up the rest.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Stats } from "node:fs";
import { mkdir, opendir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { JSONFile } from "lowdb/node";
import { ConcurrencyError, StorageError } from "../errors.js";
import { keyId } from "../util/key-id.js";
import { KeyedLock } from "../util/keyed-lock.js";
import { eTagAllows, type KeyValueStore, type StoreItem } from "./key-value-store.js";
import { readJsonFile } from "./stored-json.js";

interface Envelope {
  key: string;
  item: StoreItem;
}

/** Opens (creating if needed) the file-per-key store in `dataDir`. */
export async function openLowdbKeyValueStore(dataDir: string): Promise<KeyValueStore> {
  const dir = join(dataDir, "state");
  await mkdir(dir, { recursive: true });
  return new LowdbKeyValueStore(dataDir, dir);
}

/** How many keys the in-process cache keeps (the most recently used; a conversation's state is a few KB). */
export const KV_CACHE_ENTRIES = 5000;

/** The retention pass takes the folder's names this many at a time and yields to turns after each batch. */
const PURGE_BATCH = 256;
/**
 * How many of the pass's file-system calls run at once (libuv's default thread pool size). A turn's file call
 * waits behind at most this many of them (each a stat or a small read); while turns keep the event loop busy, the
 * pass still moves on by about this many files per loop iteration.
 */
const PURGE_CONCURRENCY = 4;

/** One caller's purge: its rule, what the pass counted for it, and how to answer it. */
interface PurgeRequest {
  prefix: string;
  cutoffMs: number;
  dryRun: boolean;
  signal: AbortSignal | undefined;
  purged: number;
  resolve(count: number): void;
  reject(error: unknown): void;
}

class LowdbKeyValueStore implements KeyValueStore {
  private readonly lock = new KeyedLock();
  /** Recently used items by key, `null` for a key known to be absent; Map order is the recency order. */
  private readonly cache = new Map<string, StoreItem | null>();
  /** Purges waiting for the next pass over the folder (those asked for in one synchronous run share it). */
  private queued: PurgeRequest[] | undefined;
  /** The pass running now (or settled): passes run one after the other, never two at once. */
  private passing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly dir: string,
  ) {}

  private fileFor(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`);
  }

  private remember(key: string, item: StoreItem | null): void {
    this.cache.delete(key);
    this.cache.set(key, item);
    if (this.cache.size > KV_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** The item for `key`: from the cache (a copy, so no caller can change the cached one), else from its file. */
  private async load(key: string): Promise<StoreItem | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.remember(key, cached);
      return cached === null ? undefined : structuredClone(cached);
    }
    const item = await this.loadFile(key);
    this.remember(key, item ?? null);
    return item === undefined ? undefined : structuredClone(item);
  }

  private async loadFile(key: string): Promise<StoreItem | undefined> {
    const file = this.fileFor(key);
    const envelope = (await readJsonFile(file)) as Envelope | null;
    if (envelope === null) return undefined;
    if (typeof envelope !== "object" || envelope.key !== key || typeof envelope.item !== "object") {
      throw new StorageError(`corrupt storage file ${file}: unexpected content for its key`, { file });
    }
    return envelope.item;
  }

  async read(keys: string[]): Promise<Record<string, StoreItem>> {
    const out: Record<string, StoreItem> = {};
    await Promise.all(
      keys.map(async (key) => {
        // A file is read under its key's lock, so a retention pass cannot delete it halfway through this read
        // and leave the cache holding an item that is no longer on disk.
        const item = this.cache.has(key)
          ? await this.load(key)
          : await this.lock.run(key, () => this.load(key));
        if (item) out[key] = item;
      }),
    );
    return out;
  }

  async write(changes: Record<string, StoreItem>): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, incoming]) =>
        this.lock.run(key, async () => {
          const stored = await this.load(key);
          if (!eTagAllows(stored, incoming)) {
            throw new ConcurrencyError(`eTag conflict writing key ${keyId(key)}`);
          }
          const item: StoreItem = { ...structuredClone(incoming), eTag: randomUUID() };
          const file = this.fileFor(key);
          try {
            await new JSONFile<Envelope>(file).write({ key, item });
          } catch (cause) {
            // What is on disk is not known now: the next read goes to the file.
            this.cache.delete(key);
            throw new StorageError(`could not write storage file ${file}`, { cause, file });
          }
          this.remember(key, item);
        }),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.lock.run(key, async () => {
          this.cache.delete(key);
          await rm(this.fileFor(key), { force: true });
          this.remember(key, null);
        }),
      ),
    );
  }

  purgeIdle(prefix: string, cutoff: Date, dryRun: boolean, signal?: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      signal?.throwIfAborted();
      const request = { prefix, cutoffMs: cutoff.getTime(), dryRun, signal, purged: 0, resolve, reject };
      if (this.queued) {
        this.queued.push(request);
        return;
      }
      const requests = [request];
      this.queued = requests;
      this.passing = this.passing.then(() => {
        this.queued = undefined;
        return this.purgePass(requests);
      });
    });
  }

  /** One pass over the folder for `requests`; answers each (or rejects it when its signal aborts). */
  private async purgePass(requests: PurgeRequest[]): Promise<void> {
    let live = requests;
    /** Answers the requests whose signal aborted; true while some are left to serve. */
    const keepGoing = () => {
      for (const request of live) if (request.signal?.aborted) request.reject(request.signal.reason);
      live = live.filter((r) => !r.signal?.aborted);
      return live.length > 0;
    };
    try {
      // opendir streams the names (bufferSize at a time): memory stays the same with 1,000 or 1,000,000 files.
      const folder = await opendir(this.dir, { bufferSize: PURGE_BATCH });
      let batch: string[] = [];
      for await (const entry of folder) {
        if (!entry.name.endsWith(".json")) continue;
        batch.push(entry.name);
        if (batch.length < PURGE_BATCH) continue;
        await this.purgeBatch(batch, live);
        batch = [];
        // Turns that arrived meanwhile run before the next batch.
        await nextTurn();
        if (!keepGoing()) break;
      }
      if (batch.length > 0 && keepGoing()) await this.purgeBatch(batch, live);
      for (const request of live) request.resolve(request.purged);
    } catch (cause) {
      const error =
        cause instanceof StorageError
          ? cause
          : new StorageError(`retention pass over ${this.dir} failed`, { cause, file: this.dir });
      for (const request of live) request.reject(error);
    }
  }

  /** Deletes (or, for a dry run, counts) the idle files among `names`, a few file-system calls at a time. */
  private async purgeBatch(names: string[], requests: PurgeRequest[]): Promise<void> {
    const latestCutoff = Math.max(...requests.map((r) => r.cutoffMs));
    await forEachBounded(names, PURGE_CONCURRENCY, async (name) => {
      // A shutdown does not wait for the rest of the batch.
      if (requests.every((r) => r.signal?.aborted)) return;
      const file = join(this.dir, name);
      const info = await statFile(file);
      // Most files were written after the cutoff: one stat, and the file is not even opened.
      if (!info || info.mtimeMs >= latestCutoff) return;
      const key = await this.keyOf(file);
      if (key === undefined) return;
      const due = requests.filter((r) => key.startsWith(r.prefix) && info.mtimeMs < r.cutoffMs);
      for (const request of due) if (request.dryRun) request.purged += 1;
      if (!due.some((r) => !r.dryRun)) return;
      await this.lock.run(key, async () => {
        // A turn may have written the key since the stat above; only a file that is still idle goes.
        const again = await statFile(file);
        const owner = again && due.find((r) => !r.dryRun && again.mtimeMs < r.cutoffMs);
        if (!owner) return;
        this.cache.delete(key);
        await rm(file, { force: true });
        owner.purged += 1;
      });
    });
  }

  /**
   * The key stored in `file`, or undefined when the file has gone or does not hold one of this store's envelopes
   * for its own name (a corrupt file is reported by the read that needs it; the purge leaves it alone).
   */
  private async keyOf(file: string): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StorageError(`could not read storage file ${file}`, { cause: error, file });
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch (error) {
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
    const key = (envelope as Partial<Envelope> | null)?.key;
    return typeof key === "string" && this.fileFor(key) === file ? key : undefined;
  }

  async checkWritable(): Promise<void> {
    const probe = join(this.dir, `.probe-${randomUUID()}`);
    try {
      await writeFile(probe, "ok");
      await unlink(probe);
    } catch (cause) {
      throw new StorageError(`data directory ${this.dataDir} is not writable`, { cause, file: this.dataDir });
    }
  }

  async close(): Promise<void> {
    await this.passing;
    await this.lock.drain();
  }
}

/** The stats of a regular file at `file`; undefined when there is none (deleted by a turn since it was listed). */
async function statFile(file: string): Promise<Stats | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new StorageError(`could not stat storage file ${file}`, { cause: error, file });
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === "ENOENT";
}

/** Runs `work` on every item with at most `limit` running at once; stops taking new items after a failure. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
