/**
 * @module storage/open-storage
 * Opens the configured storage backend (embedded lowdb files under the data directory, or PostgreSQL) and
 * returns the stores the app needs behind their interfaces.
 */
import type pg from "pg";
import type { Logger } from "../log.js";
import type { CaseStore } from "./case-store.js";
import type { KeyValueStore } from "./key-value-store.js";
import { mkdir } from "node:fs/promises";
import { openLowdbCaseStore } from "./lowdb-case-store.js";
import { lockDataDir } from "./lowdb/data-dir-lock.js";
import { openPgCaseStore } from "./pg-case-store.js";
import type { KnowledgeLog } from "./knowledge-log.js";
import { openLowdbKnowledgeLog } from "./lowdb-knowledge-log.js";
import { openLowdbKeyValueStore } from "./lowdb-kv-store.js";
import { openPgKeyValueStore } from "./pg-kv-store.js";
import { openPgKnowledgeLog } from "./pg-knowledge-log.js";
import { ensureSchema } from "./pg-migrations.js";
import { createPgPool, retryUntil } from "./pg-pool.js";
import type { StorageSettings } from "./storage-settings.js";

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

/**
 * Opens the stores for `config.storage` (the app passes its Config). PostgreSQL that cannot be reached yet is
 * retried with back-off for `config.startupStorageWaitMs` (see retryUntil); a pool whose connections drop later
 * recovers by itself.
 */
export async function openStorage(config: StorageSettings, logger: Logger): Promise<Storage> {
  if (config.storage.kind === "postgres") {
    const { url, pg: settings } = config.storage;
    const pool = createPgPool(url, settings, logger);
    try {
      const log = logger.child({ module: "storage" });
      const [kv, cases, knowledgeLog] = await retryUntil(
        async () => {
          // Migrations first, under their lock, so instances starting together take turns (see pg-migrations).
          await ensureSchema(pool, log);
          return [
            await openPgKeyValueStore(pool),
            await openPgCaseStore(pool),
            await openPgKnowledgeLog(pool),
          ] as const;
        },
        config.startupStorageWaitMs,
        log,
      );
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
    } catch (error) {
      // The pool never connected; ending it can only fail for the same reason, which `error` already says.
      await pool.end().catch((endError: unknown) => {
        logger.debug({ err: { name: (endError as Error).name } }, "pool end after failed start-up");
      });
      throw error;
    }
  }
  const { dataDir } = config.storage;
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    const kv = await openLowdbKeyValueStore(dataDir);
    const cases = await openLowdbCaseStore(dataDir);
    const knowledgeLog = await openLowdbKnowledgeLog(dataDir);
    return {
      kind: "lowdb",
      kv,
      cases,
      knowledgeLog,
      close: async () => {
        await kv.close();
        await cases.close();
        await knowledgeLog.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
