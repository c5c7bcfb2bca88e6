/**
 * @module storage/lowdb/data-dir-lock
 * The embedded storage belongs to one process: its indexes, numbering and leases live in that process's memory.
 * A lock file (`<dataDir>/.lock`, holding the owner's process id) keeps a second bot, or a purge started beside
 * a running bot, from opening the same folder. A lock left by a process that no longer runs is taken over.
 */
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { StorageError } from "../../errors.js";

/** A held lock; `release` removes the file (only if it is still ours). */
export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_FILE = ".lock";

/** Whether process `pid` runs (signal 0 checks without sending; EPERM means it runs as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of `dataDir` for process `pid`; a StorageError names the process that holds it. */
export async function lockDataDir(dataDir: string, pid: number = process.pid): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(`${pid}\n`, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {
        release: async () => {
          const owner = await readFile(file, "utf8").catch(() => "");
          if (Number.parseInt(owner, 10) === pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new StorageError(`could not lock the data folder ${dataDir}`, { cause: error, file });
      }
      const owner = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && isRunning(owner)) {
        throw new StorageError(
          `the data folder ${dataDir} is in use by process ${owner} (a running bot?). The embedded storage ` +
            "serves one process: stop that one first (the bot purges by itself), or use PostgreSQL.",
          { file },
        );
      }
      // Left by a process that has ended (or unreadable): take it over.
      await rm(file, { force: true });
    }
  }
  throw new StorageError(`could not lock the data folder ${dataDir}`, { file });
}
