/**
 * @module storage/durable-write
 * Writes a file so that a crash or power loss leaves the old or the new content, never a half one, and a write
 * that returned is on disk: temp file in the same folder, fsync, rename over the target, fsync of the folder.
 * Temp files are named `.<name>.<random>.tmp`; `removeStrayTempFiles` deletes those a crash left behind (they
 * hold full case data and would otherwise escape every retention rule).
 */
import { randomUUID } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMP_NAME = /^\..+\.tmp$/;

/** Replaces `file` with `text` atomically and durably (see the module note). */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const folder = await open(dir, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Deletes the temp files an interrupted write left in `dir`; returns how many. Call before anything writes there. */
export async function removeStrayTempFiles(dir: string): Promise<number> {
  const stray = (await readdir(dir)).filter((name) => TEMP_NAME.test(name));
  await Promise.all(stray.map((name) => rm(join(dir, name), { force: true })));
  return stray.length;
}
