import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { StorageError } from "../../src/errors.js";
import { readValidated, writeJsonDurably } from "../../src/storage/stored-json.js";

const Doc = z.object({ n: z.number() });

describe("stored-json", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-json-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("should read back what it wrote, and null for a file that does not exist", async () => {
    const file = join(dir, "doc.json");
    expect(await readValidated(file, Doc)).toBeNull();
    await writeJsonDurably(file, { n: 1 });
    expect(await readValidated(file, Doc)).toEqual({ n: 1 });
    expect(await readdir(dir)).toEqual(["doc.json"]);
  });

  it("should name the file, and the first wrong path, of a corrupt file and leave it in place", async () => {
    const file = join(dir, "doc.json");
    await writeFile(file, "{ not json");
    const error = await readValidated(file, Doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).file).toBe(file);
    expect((error as StorageError).message).toMatch(/doc\.json: not valid JSON/);
    await writeFile(file, JSON.stringify({ n: "one" }));
    await expect(readValidated(file, Doc)).rejects.toThrow(/doc\.json: unexpected content at n/);
    expect(await readFile(file, "utf8")).toBe('{"n":"one"}');
  });

  it("should report a write that cannot happen as a StorageError naming the file", async () => {
    const file = join(dir, "missing-folder", "doc.json");
    const error = await writeJsonDurably(file, { n: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ message: `could not write storage file ${file}`, file });
  });
});
