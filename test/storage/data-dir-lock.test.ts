import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StorageError } from "../../src/errors.js";
import { lockDataDir } from "../../src/storage/lowdb/data-dir-lock.js";

describe("data folder lock (embedded storage)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-lock-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("should refuse a folder another running process holds, naming it, and take it over once it ended", async () => {
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await writeFile(join(dir, ".lock"), `${other.pid}\n`);
      const refused = lockDataDir(dir);
      await expect(refused).rejects.toThrow(StorageError);
      await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${other.pid}`);
    } finally {
      const ended = new Promise((resolve) => other.once("exit", resolve));
      other.kill("SIGKILL");
      await ended;
    }
    const lock = await lockDataDir(dir);
    expect((await readFile(join(dir, ".lock"), "utf8")).trim()).toBe(String(process.pid));
    await lock.release();
    await expect(readFile(join(dir, ".lock"), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("should not remove a lock that another process took over meanwhile", async () => {
    const lock = await lockDataDir(dir);
    await writeFile(join(dir, ".lock"), "999999\n");
    await lock.release();
    expect((await readFile(join(dir, ".lock"), "utf8")).trim()).toBe("999999");
  });
});
