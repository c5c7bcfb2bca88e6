/**
 * @module storage/stored-json
 * Reading and writing the JSON files of the embedded stores, in one place so every store reports a bad file the
 * same way: a file that is not JSON, or not of the expected shape, raises a StorageError naming the file (and the
 * first wrong path); it is never treated as empty or overwritten.
 */
import { JSONFile } from "lowdb/node";
import type { z } from "zod";
import { StorageError } from "../errors.js";
import { writeFileDurably } from "./durable-write.js";

/** The parsed JSON in `file`, or null when the file does not exist; a StorageError when it cannot be parsed. */
export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return await new JSONFile<unknown>(file).read();
  } catch (cause) {
    throw new StorageError(`corrupt storage file ${file}: not valid JSON; fix or move it away`, {
      cause,
      file,
    });
  }
}

/** `raw` (read from `file`) validated against `schema`; a StorageError naming the file and the first wrong path. */
export function parseStored<S extends z.ZodType>(file: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new StorageError(
      `corrupt storage file ${file}: unexpected content at ${first?.path.join(".") || "(root)"}: ${first?.message}`,
      { cause: parsed.error, file },
    );
  }
  return parsed.data;
}

/** Reads and validates a JSON file; null when it does not exist, a StorageError naming it when it is corrupt. */
export async function readValidated<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.infer<S> | null> {
  const raw = await readJsonFile(file);
  return raw === null ? null : parseStored(file, schema, raw);
}

/** Writes `data` as indented JSON, atomically and durably (see durable-write); a StorageError naming the file. */
export async function writeJsonDurably(file: string, data: unknown): Promise<void> {
  try {
    await writeFileDurably(file, JSON.stringify(data, null, 2));
  } catch (cause) {
    throw new StorageError(`could not write storage file ${file}`, { cause, file });
  }
}
