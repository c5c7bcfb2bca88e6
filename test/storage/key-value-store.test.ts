import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";
import { openPgKeyValueStore } from "../../src/storage/pg-kv-store.js";
import { createTestSchema } from "../helpers/pg.js";
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
