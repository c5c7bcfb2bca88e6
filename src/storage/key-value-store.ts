/**
 * @module storage/key-value-store
 * The key-value contract for bot state and conversation references. It matches botbuilder's `Storage`
 * (read / write / delete with eTag optimistic concurrency) structurally, so the bot edge can hand it to
 * botbuilder while the core stays free of botbuilder types.
 */

/** A stored value; `eTag` is set by the store on every write. */
export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

/**
 * Key-value storage with eTag semantics: writing an item whose `eTag` is missing or `"*"` overwrites; writing an
 * item with another `eTag` succeeds only if it equals the stored one, otherwise a ConcurrencyError is thrown.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<Record<string, StoreItem>>;
  write(changes: Record<string, StoreItem>): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /**
   * Deletes the items whose key starts with `prefix` and that were last written before `cutoff` (retention);
   * with `dryRun` only counts them. Returns how many. An item written while the purge runs is kept. A long purge
   * stops soon after `signal` aborts (rejecting with its reason); what it deleted so far stays deleted.
   */
  purgeIdle(prefix: string, cutoff: Date, dryRun: boolean, signal?: AbortSignal): Promise<number>;
  /** Proves the store can be written now (readiness); throws a StorageError saying why not. */
  checkWritable(): Promise<void>;
  /** Waits for pending writes and releases resources. */
  close(): Promise<void>;
}

/** True when `incoming` may replace `stored` under the eTag rules above. */
export function eTagAllows(stored: StoreItem | undefined, incoming: StoreItem): boolean {
  return !stored || !incoming.eTag || incoming.eTag === "*" || incoming.eTag === stored.eTag;
}
