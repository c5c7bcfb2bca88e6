/**
 * @module storage/json-file
 * One JSON document on disk, kept in memory and written atomically through lowdb (temp file + rename, so a kill
 * during a write leaves the old or the new file, never a half one). Reads are validated: a file that is not JSON,
 * or not of the expected shape, raises a StorageError that names the file; it is never replaced by an empty one.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import type { z } from "zod";
import { StorageError } from "../errors.js";
import { parseStored, readJsonFile } from "./stored-json.js";

/**
 * A validated JSON document with serialised updates. Every `update` runs its mutation on the in-memory copy and
 * then writes the whole document once; callers keep documents small (one per conversation, one per collection).
 */
export class JsonFileStore<T> {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Low<T>,
    readonly file: string,
  ) {}

  /** Opens (or creates with `defaults`) the document at `file`, validating what is there against `schema`. */
  static async open<S extends z.ZodType>(
    file: string,
    schema: S,
    defaults: z.infer<S>,
  ): Promise<JsonFileStore<z.infer<S>>> {
    await mkdir(dirname(file), { recursive: true });
    // Like lowdb's own read: a missing (or empty-valued) file starts from the defaults, which are validated too.
    const raw = (await readJsonFile(file)) || structuredClone(defaults);
    const db = new Low<z.infer<S>>(new JSONFile<z.infer<S>>(file), parseStored(file, schema, raw));
    return new JsonFileStore(db, file);
  }

  /** The current document; treat it as read-only outside `update`. */
  get data(): T {
    return this.db.data;
  }

  /**
   * Applies `mutate` and writes the document, one update at a time. If the write fails, the in-memory copy is
   * restored so memory never runs ahead of disk.
   */
  update<R>(mutate: (data: T) => R): Promise<R> {
    const run = async (): Promise<R> => {
      const before = structuredClone(this.db.data);
      const result = mutate(this.db.data);
      try {
        await this.db.write();
      } catch (cause) {
        this.db.data = before;
        throw new StorageError(`could not write storage file ${this.file}`, { cause, file: this.file });
      }
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every queued update has been written. */
  async flush(): Promise<void> {
    await this.queue;
  }
}
