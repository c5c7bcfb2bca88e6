import { ConcurrencyError } from "../../src/errors.js";
import type { KeyValueStore } from "../../src/storage/key-value-store.js";

/** The behaviour every KeyValueStore must show; run against each implementation. */
export function keyValueStoreContract(
  name: string,
  open: () => Promise<{ store: KeyValueStore; cleanup: () => Promise<void> }>,
) {
  describe(`${name} (KeyValueStore contract)`, () => {
    let store: KeyValueStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it("should return nothing for unknown keys", async () => {
      expect(await store.read(["nope"])).toEqual({});
      expect(await store.read([])).toEqual({});
    });

    it("should write, read back with an eTag, and delete", async () => {
      await store.write({ "a/b": { n: 1, nested: { s: "x" } } });
      const read = await store.read(["a/b", "other"]);
      expect(read["a/b"]).toMatchObject({ n: 1, nested: { s: "x" } });
      expect(typeof read["a/b"]?.eTag).toBe("string");
      await store.delete(["a/b"]);
      expect(await store.read(["a/b"])).toEqual({});
    });

    it("should accept a write with the current eTag and change the eTag", async () => {
      await store.write({ k: { n: 1 } });
      const first = (await store.read(["k"]))["k"]!;
      await store.write({ k: { ...first, n: 2 } });
      const second = (await store.read(["k"]))["k"]!;
      expect(second.n).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    it("should reject a write with a stale eTag and keep the stored value", async () => {
      await store.write({ k: { n: 1 } });
      const stale = (await store.read(["k"]))["k"]!;
      await store.write({ k: { ...stale, n: 2 } });
      await expect(store.write({ k: { ...stale, n: 3 } })).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.read(["k"]))["k"]?.n).toBe(2);
    });

    it("should let '*' overwrite whatever is stored", async () => {
      await store.write({ k: { n: 1 } });
      await store.write({ k: { n: 9, eTag: "*" } });
      expect((await store.read(["k"]))["k"]?.n).toBe(9);
    });

    it("should let exactly one of two writers with the same eTag win", async () => {
      await store.write({ k: { n: 0 } });
      const base = (await store.read(["k"]))["k"]!;
      const results = await Promise.allSettled([
        store.write({ k: { ...base, n: 1 } }),
        store.write({ k: { ...base, n: 2 } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    });

    it("should keep keys with odd characters apart", async () => {
      const keys = [
        "msteams/conversations/19:abc@thread.v2/",
        "msteams/conversations/19:abc@thread.v2",
        "ü/../x",
      ];
      await store.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
      const read = await store.read(keys);
      expect(keys.map((k) => read[k]?.i)).toEqual([0, 1, 2]);
    });

    it("should purge only idle items under a prefix, and only count them in a dry run", async () => {
      await store.write({
        "conversation/a": { v: 1 },
        "conversation/b_%": { v: 2 },
        "ref/channel/x": { v: 3 },
      });
      const future = new Date(Date.now() + 60_000);
      expect(await store.purgeIdle("conversation/", new Date(Date.now() - 60_000), false)).toBe(0);
      expect(await store.purgeIdle("conversation/", future, true)).toBe(2);
      expect(Object.keys(await store.read(["conversation/a", "conversation/b_%"]))).toHaveLength(2);
      expect(await store.purgeIdle("conversation/b_", future, false)).toBe(1);
      expect(await store.purgeIdle("conversation/", future, false)).toBe(1);
      const left = await store.read(["conversation/a", "conversation/b_%", "ref/channel/x"]);
      expect(Object.keys(left)).toEqual(["ref/channel/x"]);
    });

    it("should report itself writable", async () => {
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });
  });
}
