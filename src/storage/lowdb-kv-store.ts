/**
 * @module storage/lowdb-kv-store
 * The embedded KeyValueStore: one small JSON file per key under `<dataDir>/state`, written atomically by lowdb's
 * JSONFile (temp file + rename). One file per key keeps the cost of a turn flat however many conversations are
 * stored; a per-key lock makes the eTag check and the write one step within this process. The data folder's lock
 * (lowdb/data-dir-lock) lets only one process use the folder, so the last items read or written are kept in a
 * bounded in-process cache: a turn reads its state from memory, and every write still goes to disk first.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

class LowdbKeyValueStore implements KeyValueStore {
  private readonly lock = new KeyedLock();
  /** Recently used items by key, `null` for a key known to be absent; Map order is the recency order. */
  private readonly cache = new Map<string, StoreItem | null>();

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
        const item = await this.load(key);
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

  async purgeIdle(prefix: string, cutoff: Date, dryRun: boolean): Promise<number> {
    let purged = 0;
    for (const name of (await readdir(this.dir)).filter((n) => n.endsWith(".json"))) {
      const file = join(this.dir, name);
      // A file that vanished since readdir (deleted by a turn) or cannot be read is not this purge's business.
      const info = await stat(file).catch(() => undefined);
      if (!info || info.mtime >= cutoff) continue;
      const envelope = await new JSONFile<Envelope>(file).read().catch(() => null);
      const key = envelope?.key;
      if (typeof key !== "string" || !key.startsWith(prefix)) continue;
      purged += 1;
      if (dryRun) continue;
      await this.lock.run(key, async () => {
        // Written again meanwhile (a new turn): keep it.
        const again = await stat(file).catch(() => undefined);
        if (again && again.mtime < cutoff) {
          this.cache.delete(key);
          await rm(file, { force: true });
        }
      });
    }
    return purged;
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
    await this.lock.drain();
  }
}
