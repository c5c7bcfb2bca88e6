import { mkdtemp, rm } from "node:fs/promises";
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
});
