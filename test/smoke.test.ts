import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import stemmer from "natural/lib/natural/stemmers/porter_stemmer_nl.js";

describe("toolchain", () => {
  it("should load lowdb, zod and natural under ESM jest", async () => {
    const db = new Low(new JSONFile<{ n: number }>(join(mkdtempSync(join(tmpdir(), "sw-")), "db.json")), {
      n: 0,
    });
    db.data.n = 1;
    await db.write();
    expect(z.number().parse(db.data.n)).toBe(1);
    expect(stemmer.stem("uitbuitingen")).toBe("uitbuit");
  });
});
