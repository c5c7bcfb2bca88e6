/**
 * @module storage/storage-settings
 * What opening storage needs to know, declared here so storage depends on nothing above it: `config.ts`
 * produces these values from the environment and the composition root passes them in.
 */

/** Limits on the PostgreSQL pool, so a database that hangs or drops connections never hangs the bot. */
export interface PgSettings {
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly poolSize: number;
  /** Fixed statements run as named (prepared) statements; off behind a pooler that cannot carry them. */
  readonly namedStatements: boolean;
}

/** The backend: lowdb files under `dataDir` (one process), or PostgreSQL at `url` (several instances). */
export type StorageBackend =
  | { readonly kind: "lowdb"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string; readonly dataDir: string; readonly pg: PgSettings };

/** Everything `openStorage` reads; the app's Config has this shape, so it can be passed as it is. */
export interface StorageSettings {
  readonly storage: StorageBackend;
  /** How long start-up waits (retrying with back-off) for storage that cannot be reached yet. */
  readonly startupStorageWaitMs: number;
}
