import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";
import { openPgKeyValueStore } from "../../src/storage/pg-kv-store.js";
import pg from "pg";
import { ConcurrencyError } from "../../src/errors.js";
import { createTestSchema, testDatabaseUrl } from "../helpers/pg.js";
import { keyValueStoreContract } from "./key-value-store.contract.js";

keyValueStoreContract("lowdb", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sw-kv-"));
  return {
    store: await openLowdbKeyValueStore(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

keyValueStoreContract("postgres", async () => {
  const db = await createTestSchema();
  return { store: await openPgKeyValueStore(db.pool), cleanup: db.drop };
});

describe("postgres key-value store across instances", () => {
  let db: Awaited<ReturnType<typeof createTestSchema>>;
  let other: pg.Pool;
  beforeEach(async () => {
    db = await createTestSchema();
    other = new pg.Pool({
      connectionString: testDatabaseUrl,
      max: 2,
      options: `-c search_path=${db.schema}`,
    });
  });
  afterEach(async () => {
    await other.end();
    await db.drop();
  });

  it("should see every write and delete another instance makes, though it caches what it read", async () => {
    const a = await openPgKeyValueStore(db.pool);
    const b = await openPgKeyValueStore(other);
    await a.write({ k: { step: 1 } });
    const first = (await a.read(["k"]))["k"]!;
    expect((await b.read(["k"]))["k"]).toEqual(first);
    await b.write({ k: { step: 2, eTag: first.eTag } });
    const second = (await a.read(["k"]))["k"]!;
    expect(second).toEqual({ step: 2, eTag: expect.any(String) });
    // A stale eTag from a's cache can no longer win.
    await expect(a.write({ k: { step: 3, eTag: first.eTag } })).rejects.toThrow(ConcurrencyError);
    await a.write({ k: { step: 3, eTag: second.eTag } });
    expect((await b.read(["k"]))["k"]).toMatchObject({ step: 3 });
    await b.delete(["k"]);
    expect(await a.read(["k"])).toEqual({});
  });

  it("should hand out copies of cached items that a caller cannot change", async () => {
    const a = await openPgKeyValueStore(db.pool);
    await a.write({ k: { list: [1] } });
    const read = (await a.read(["k"]))["k"] as { list: number[] };
    read.list.push(2);
    expect((await a.read(["k"]))["k"]).toMatchObject({ list: [1] });
  });

  it("should answer a read that a write of the same process overtakes with a whole item, old or new", async () => {
    // Every read's answer is held back until the write sent after it has finished.
    const slowQuery = async (config: pg.QueryConfig) => {
      const res = await db.pool.query(config);
      if (config.text.startsWith("SELECT s.key")) await new Promise((r) => setTimeout(r, 40));
      return res;
    };
    const slowReads = new Proxy(db.pool, {
      get: (pool, name) => (name === "query" ? slowQuery : Reflect.get(pool, name, pool)),
    });
    const a = await openPgKeyValueStore(slowReads);
    await a.write({ k: { step: 0 } });
    let etag = (await a.read(["k"]))["k"]!.eTag;
    for (let step = 1; step <= 20; step += 1) {
      // The read is sent with the cached eTag; the write replaces the cache entry before the read's answer arrives.
      const reading = a.read(["k"]);
      await a.write({ k: { step, eTag: etag } });
      const seen = (await reading)["k"]!;
      expect([step - 1, step]).toContain(seen["step"]);
      const now = (await a.read(["k"]))["k"]!;
      expect(now).toEqual({ step, eTag: expect.any(String) });
      etag = now.eTag!;
    }
  });
});

describe("lowdb key-value store retention pass", () => {
  const DAY = 24 * 3600_000;
  /** A store with `n` conversations whose files were last written 60 days ago. */
  async function seeded(n: number) {
    const dir = await mkdtemp(join(tmpdir(), "sw-kv-purge-"));
    const store = await openLowdbKeyValueStore(dir);
    const keys = Array.from({ length: n }, (_, i) => `conversation/msteams/c${i}`);
    for (const key of keys) await store.write({ [key]: { step: 1, eTag: "*" } });
    const old = new Date(Date.now() - 60 * DAY);
    const files = (await readdir(join(dir, "state"), { recursive: true })) as string[];
    for (const f of files.filter((name) => name.endsWith(".json")))
      await utimes(join(dir, "state", f), old, old);
    return {
      dir,
      store,
      keys,
      cleanup: async () => (await store.close(), rm(dir, { recursive: true, force: true })),
    };
  }

  it("should delete idle files in batches over the whole folder but keep a key written during the pass", async () => {
    const { store, keys, cleanup } = await seeded(600);
    try {
      const cutoff = new Date(Date.now() - 30 * DAY);
      const pass = store.purgeIdle("conversation/", cutoff, false);
      const kept = keys[599]!;
      await store.write({ [kept]: { step: 2, eTag: "*" } });
      const purged = await pass;
      expect(purged).toBeGreaterThanOrEqual(599);
      expect(purged).toBeLessThanOrEqual(600);
      expect((await store.read([kept]))[kept]).toMatchObject({ step: 2 });
      expect(Object.keys(await store.read(keys.slice(0, 599)))).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it("should count without deleting on a dry run, and stop when its signal aborts", async () => {
    const { store, keys, cleanup } = await seeded(300);
    try {
      const cutoff = new Date(Date.now() - 30 * DAY);
      expect(await store.purgeIdle("conversation/", cutoff, true)).toBe(300);
      expect(Object.keys(await store.read(keys))).toHaveLength(300);
      const stop = new AbortController();
      stop.abort(new Error("shutting down"));
      await expect(store.purgeIdle("conversation/", cutoff, false, stop.signal)).rejects.toThrow(
        "shutting down",
      );
      expect(Object.keys(await store.read(keys))).toHaveLength(300);
    } finally {
      await cleanup();
    }
  });
});
