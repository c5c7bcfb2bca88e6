import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { StorageError } from "../../src/errors.js";
import { JsonFileStore } from "../../src/storage/json-file.js";
import { KV_CACHE_ENTRIES, openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";

const DocSchema = z.object({ seq: z.number(), blob: z.string() });

function expectConsistent(value: { seq: number; blob: string }): void {
  expect(value.blob).toBe(String(value.seq % 10).repeat(100_000 + (value.seq % 13) * 1000));
}

async function runAndKill(dir: string, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/storage/kill-writer.ts", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((r) => setTimeout(r, afterMs));
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

describe("lowdb storage crash safety", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-crash-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("should hold the old or the new value, never garbage, after SIGKILL during writes", async () => {
    const seen: number[] = [];
    for (const afterMs of [5, 37, 81, 140]) {
      await runAndKill(dir, afterMs);
      const store = await openLowdbKeyValueStore(dir);
      const item = (await store.read(["k"]))["k"] as unknown as { seq: number; blob: string };
      expectConsistent(item);
      const doc = await JsonFileStore.open(join(dir, "doc.json"), DocSchema, { seq: 0, blob: "" });
      expectConsistent(doc.data);
      seen.push(item.seq);
      await store.close();
    }
    // The writer really was mid-stream: it got past its first write every time.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("should report a corrupt key file by name and leave it in place", async () => {
    const store = await openLowdbKeyValueStore(dir);
    await store.write({ k: { n: 1 } });
    const [file] = await readdir(join(dir, "state"));
    await writeFile(join(dir, "state", file!), '{"key": "k", "item": {"n": 1');
    // The running store keeps what it wrote in memory; the corrupt file is found when it is next read from disk
    // (here: after a restart).
    expect(await store.read(["k"])).toMatchObject({ k: { n: 1 } });
    const restarted = await openLowdbKeyValueStore(dir);
    const error = await restarted.read(["k"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain(file);
    await expect(restarted.write({ k: { n: 2 } })).rejects.toBeInstanceOf(StorageError);
  });

  it("should refuse to open a corrupt document instead of starting empty", async () => {
    const file = join(dir, "doc.json");
    await writeFile(file, "{ not json");
    await expect(JsonFileStore.open(file, DocSchema, { seq: 0, blob: "" })).rejects.toThrow(
      new RegExp(`corrupt storage file .*doc\\.json`),
    );
    await writeFile(file, JSON.stringify({ seq: "one", blob: "" }));
    await expect(JsonFileStore.open(file, DocSchema, { seq: 0, blob: "" })).rejects.toThrow(/at seq/);
  });

  it("should roll memory back when a write fails", async () => {
    const file = join(dir, "sub", "doc.json");
    const doc = await JsonFileStore.open(file, DocSchema, { seq: 0, blob: "" });
    await doc.update((d) => {
      d.seq = 1;
    });
    await rm(join(dir, "sub"), { recursive: true });
    await writeFile(join(dir, "sub"), "a file where the directory was");
    await expect(
      doc.update((d) => {
        d.seq = 2;
      }),
    ).rejects.toBeInstanceOf(StorageError);
    expect(doc.data.seq).toBe(1);
  });
});

describe("lowdb key-value cache", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-kv-cache-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("should serve reads from memory, as copies, with eTags checked as on disk, and write through", async () => {
    const store = await openLowdbKeyValueStore(dir);
    await store.write({ k: { n: 1 } });
    const first = await store.read(["k"]);
    (first.k as { n: number }).n = 99; // a caller changing its copy changes nothing stored
    const again = await store.read(["k"]);
    expect(again.k).toMatchObject({ n: 1 });
    await expect(store.write({ k: { n: 2, eTag: "stale" } })).rejects.toThrow(/eTag conflict/);
    await store.write({ k: { n: 2, eTag: again.k!.eTag } });
    // What a restarted process reads from disk equals what the running one serves.
    const restarted = await openLowdbKeyValueStore(dir);
    expect(await restarted.read(["k"])).toEqual(await store.read(["k"]));
    await store.delete(["k"]);
    expect(await store.read(["k"])).toEqual({});
    expect(await (await openLowdbKeyValueStore(dir)).read(["k"])).toEqual({});
  });

  it("should keep at most KV_CACHE_ENTRIES keys in memory and read the least recently used from disk", async () => {
    const store = await openLowdbKeyValueStore(dir);
    const fileOf = (key: string) =>
      join(dir, "state", `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`);
    await store.write({ oldest: { n: 0 } });
    const rest = Array.from({ length: KV_CACHE_ENTRIES }, (_, i) => `k${i}`);
    for (let i = 0; i < rest.length; i += 500)
      await store.write(Object.fromEntries(rest.slice(i, i + 500).map((k) => [k, { k }])));
    // Both files are corrupted behind the store: the cached key is still served, the evicted one is read from disk.
    await writeFile(fileOf("oldest"), "{ torn");
    await writeFile(fileOf(rest.at(-1)!), "{ torn");
    expect(await store.read([rest.at(-1)!])).toMatchObject({ [rest.at(-1)!]: { k: rest.at(-1) } });
    await expect(store.read(["oldest"])).rejects.toBeInstanceOf(StorageError);
  });
});
