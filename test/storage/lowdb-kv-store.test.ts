import { jest } from "@jest/globals";
import { promises as fs } from "node:fs";
import { mkdtemp, readdir, readFile, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyValueStore, StoreItem } from "../../src/storage/key-value-store.js";

/**
 * One seam: a test can act right after the store's stat of a file has returned (the moment between the pass's
 * look at a file and its delete). Everything else in node:fs/promises is the real thing.
 */
let afterStat: ((file: string) => Promise<void>) | undefined;
jest.unstable_mockModule("node:fs/promises", () => ({
  ...fs,
  default: fs,
  stat: async (...args: Parameters<typeof fs.stat>) => {
    const info = await fs.stat(...args);
    await afterStat?.(String(args[0]));
    return info;
  },
}));
const { openLowdbKeyValueStore } = await import("../../src/storage/lowdb-kv-store.js");

const DAY_MS = 86_400_000;
const cutoff = () => new Date(Date.now() - 30 * DAY_MS);
const keysOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("lowdb key-value store retention pass", () => {
  let dir: string;
  let store: KeyValueStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-kv-purge-"));
    store = await openLowdbKeyValueStore(dir);
  });
  afterEach(async () => {
    afterStat = undefined;
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `keys` (in store-sized batches) with a value that says which round wrote them. */
  async function writeAll(keys: string[], round: number): Promise<void> {
    for (let i = 0; i < keys.length; i += 200) {
      const batch: Record<string, StoreItem> = {};
      for (const key of keys.slice(i, i + 200)) batch[key] = { round, eTag: "*" };
      await store.write(batch);
    }
  }

  /** Sets the modification time of the files holding `keys` to `days` ago (as if last written then). */
  async function age(keys: string[], days: number): Promise<void> {
    const wanted = new Set(keys);
    const at = new Date(Date.now() - days * DAY_MS);
    const stateDir = join(dir, "state");
    for (const name of await readdir(stateDir)) {
      const file = join(stateDir, name);
      const { key } = JSON.parse(await readFile(file, "utf8")) as { key: string };
      if (wanted.has(key)) await utimes(file, at, at);
    }
  }

  /** The name of the file that holds `key`. */
  async function fileOf(key: string): Promise<string> {
    for (const name of await readdir(join(dir, "state"))) {
      const stored = JSON.parse(await readFile(join(dir, "state", name), "utf8")) as { key: string };
      if (stored.key === key) return name;
    }
    throw new Error(`no file holds ${key}`);
  }

  /** What a fresh store over the same folder finds on disk (no cache of the store under test). */
  async function onDisk(keys: string[]): Promise<Record<string, StoreItem>> {
    const other = await openLowdbKeyValueStore(dir);
    try {
      return await other.read(keys);
    } finally {
      await other.close();
    }
  }

  const stateFiles = async () => (await readdir(join(dir, "state"))).filter((n) => n.endsWith(".json"));

  it("should remove the idle files past the cutoff under the prefix and keep fresh ones and other prefixes", async () => {
    // More files than one batch of the pass, so it has to go on after yielding.
    const idle = keysOf("conversation/msteams/idle-", 700);
    const fresh = keysOf("conversation/msteams/fresh-", 300);
    const otherPrefix = keysOf("ref/user/idle-", 50);
    await writeAll([...idle, ...fresh, ...otherPrefix], 1);
    await age([...idle, ...otherPrefix], 45);

    expect(await store.purgeIdle("conversation/", cutoff(), true)).toBe(idle.length);
    expect(await stateFiles()).toHaveLength(1050);
    expect(await store.purgeIdle("conversation/", cutoff(), false)).toBe(idle.length);

    expect(await stateFiles()).toHaveLength(fresh.length + otherPrefix.length);
    expect(Object.keys(await store.read(idle))).toEqual([]);
    expect(Object.keys(await onDisk([...fresh, ...otherPrefix])).sort()).toEqual(
      [...fresh, ...otherPrefix].sort(),
    );
    expect(await store.purgeIdle("conversation/", cutoff(), false)).toBe(0);
  });

  it("should serve purges asked for together, each with its own prefix, cutoff and dry run", async () => {
    const conversations = keysOf("conversation/c-", 300);
    const users = keysOf("ref/user/u-", 300);
    const members = keysOf("ref/member/m-", 300);
    await writeAll([...conversations, ...users, ...members], 1);
    // 45 days idle: past the conversations' 30 days, not past the references' 365.
    await age([...conversations, ...users.slice(0, 100)], 45);
    await age([...users.slice(100, 150), ...members.slice(0, 20)], 400);
    const yearAgo = new Date(Date.now() - 365 * DAY_MS);

    const counts = await Promise.all([
      store.purgeIdle("conversation/", cutoff(), false),
      store.purgeIdle("ref/user/", yearAgo, false),
      store.purgeIdle("ref/member/", yearAgo, true),
    ]);

    expect(counts).toEqual([300, 50, 20]);
    expect(Object.keys(await onDisk(conversations))).toEqual([]);
    expect(Object.keys(await onDisk(users)).sort()).toEqual(
      [...users.slice(0, 100), ...users.slice(150)].sort(),
    );
    // The dry run deleted nothing.
    expect(Object.keys(await onDisk(members))).toHaveLength(300);
  });

  it("should keep a key that a turn writes between the pass's look at its file and the delete", async () => {
    const idle = keysOf("conversation/idle-", 300);
    await writeAll([...idle, "conversation/busy"], 1);
    await age([...idle, "conversation/busy"], 45);
    const busyFile = join(dir, "state", await fileOf("conversation/busy"));
    let written = false;
    afterStat = async (file) => {
      if (file !== busyFile || written) return;
      written = true;
      await store.write({ "conversation/busy": { round: 2, eTag: "*" } });
    };

    expect(await store.purgeIdle("conversation/", cutoff(), false)).toBe(idle.length);

    expect(written).toBe(true);
    expect(await onDisk(["conversation/busy", ...idle])).toEqual({
      "conversation/busy": { round: 2, eTag: expect.any(String) },
    });
  });

  it("should keep every key written while the pass runs, under concurrent writes", async () => {
    const idle = keysOf("conversation/busy-", 400);
    await writeAll(idle, 1);
    await age(idle, 45);

    // The pass and a new turn's write of every key start together: whichever reaches a key first, the key is
    // written again, so it must be on disk afterwards with its new value; only a pass that looks at the file a
    // second time, under the key's lock, right before deleting it can promise that. The writes go in the reverse
    // of the folder's order, so the pass sees many files before their write lands (the window that matters).
    const stateDir = join(dir, "state");
    const inFolderOrder = await Promise.all(
      (await readdir(stateDir)).map(
        async (n) => (JSON.parse(await readFile(join(stateDir, n), "utf8")) as { key: string }).key,
      ),
    );
    const purge = store.purgeIdle("conversation/", cutoff(), false);
    const writes = inFolderOrder.reverse().map((key) => store.write({ [key]: { round: 2, eTag: "*" } }));
    const [purged] = await Promise.all([purge, ...writes]);

    const stored = await onDisk(idle);
    expect(Object.keys(stored)).toHaveLength(idle.length);
    expect(Object.values(stored).every((item) => item.round === 2)).toBe(true);
    expect(purged).toBeLessThanOrEqual(idle.length);
    // Nothing is idle now.
    expect(await store.purgeIdle("conversation/", cutoff(), false)).toBe(0);
    expect(await stateFiles()).toHaveLength(idle.length);
  });

  it("should answer reads and writes of other keys while a pass runs", async () => {
    const idle = keysOf("conversation/old-", 800);
    await writeAll(idle, 1);
    await age(idle, 45);
    let passDone = false;
    const purge = store.purgeIdle("conversation/", cutoff(), false).then((n) => {
      passDone = true;
      return n;
    });
    // A turn: read its state, write it back. It is not queued behind the pass.
    await store.read(["conversation/active"]);
    await store.write({ "conversation/active": { round: 1 } });
    const turnBeforePassEnd = !passDone;
    expect(await purge).toBe(idle.length);
    expect(turnBeforePassEnd).toBe(true);
    expect(Object.keys(await onDisk(["conversation/active"]))).toEqual(["conversation/active"]);
  });

  it("should stop when its signal aborts, leave every file whole, and let the next pass remove the rest", async () => {
    const idle = keysOf("conversation/stop-", 800);
    await writeAll(idle, 1);
    await age(idle, 45);
    const controller = new AbortController();
    const purge = store.purgeIdle("conversation/", cutoff(), false, controller.signal);
    controller.abort();
    await expect(purge).rejects.toMatchObject({ name: "AbortError" });

    // It stopped after at most a batch or so: most files are still there, each one readable.
    const left = await stateFiles();
    expect(left.length).toBeGreaterThan(idle.length / 2);
    for (const name of left) {
      const { key, item } = JSON.parse(await readFile(join(dir, "state", name), "utf8")) as {
        key: string;
        item: StoreItem;
      };
      expect(idle).toContain(key);
      expect(item.round).toBe(1);
    }
    expect(await store.purgeIdle("conversation/", cutoff(), false)).toBe(left.length);
    expect(await stateFiles()).toEqual([]);
  });

  it("should refuse to start with a signal that has already aborted", async () => {
    await writeAll(["conversation/x"], 1);
    await age(["conversation/x"], 45);
    await expect(
      store.purgeIdle("conversation/", cutoff(), false, AbortSignal.abort()),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await stateFiles()).toHaveLength(1);
  });
});
