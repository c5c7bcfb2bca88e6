/**
 * @module storage/open-storage
 * Opens the configured storage backend (embedded lowdb files under the data directory, or PostgreSQL) and
 * returns the stores the app needs behind their interfaces.
 */
import pg from "pg";
import type { Config } from "../config.js";
import type { CaseStore } from "./case-store.js";
import type { KeyValueStore } from "./key-value-store.js";
import { openLowdbCaseStore } from "./lowdb-case-store.js";
import { openPgCaseStore } from "./pg-case-store.js";
import type { KnowledgeLog } from "./knowledge-log.js";
import { openLowdbKnowledgeLog } from "./lowdb-knowledge-log.js";
import { openLowdbKeyValueStore } from "./lowdb-kv-store.js";
import { openPgKeyValueStore } from "./pg-kv-store.js";
import { openPgKnowledgeLog } from "./pg-knowledge-log.js";

/** The opened stores and how to release them. */
export interface Storage {
  kind: "lowdb" | "postgres";
  kv: KeyValueStore;
  cases: CaseStore;
  knowledgeLog: KnowledgeLog;
  /** The PostgreSQL pool when kind is postgres (shared by the stores). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/** Opens the stores for `config.storage`. */
export async function openStorage(config: Config): Promise<Storage> {
  if (config.storage.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: config.storage.url, max: 10 });
    const kv = await openPgKeyValueStore(pool);
    const cases = await openPgCaseStore(pool);
    const knowledgeLog = await openPgKnowledgeLog(pool);
    return {
      kind: "postgres",
      kv,
      cases,
      knowledgeLog,
      pool,
      close: async () => {
        await kv.close();
        await cases.close();
        await knowledgeLog.close();
        await pool.end();
      },
    };
  }
  const kv = await openLowdbKeyValueStore(config.storage.dataDir);
  const cases = await openLowdbCaseStore(config.storage.dataDir);
  const knowledgeLog = await openLowdbKnowledgeLog(config.storage.dataDir);
  return {
    kind: "lowdb",
    kv,
    cases,
    knowledgeLog,
    close: async () => {
      await kv.close();
      await cases.close();
      await knowledgeLog.close();
    },
  };
}
