import { prepared, statementNamer, useUnnamedStatements } from "../../src/storage/pg-statement.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { createPgPool } from "../../src/storage/pg-pool.js";

describe("named statements", () => {
  it("should give one text one name, other texts other names, and no name past the bound", () => {
    const name = statementNamer(2);
    const a = name("SELECT 1");
    expect(a).toMatch(/^sw_[0-9a-f]{24}$/);
    expect(name("SELECT 1")).toBe(a);
    const b = name("SELECT 2");
    expect(b).not.toBe(a);
    expect(name("SELECT 3")).toBeUndefined();
    // Texts named before the bound was reached keep their names.
    expect(name("SELECT 2")).toBe(b);
    // The name depends on the text alone: another instance agrees.
    expect(statementNamer(2)("SELECT 1")).toBe(a);
  });

  it("should carry the name, text and values for pg, and no name for a pool that may not use them", () => {
    const pool = {};
    expect(prepared(pool, "SELECT $1::int AS n", [7])).toEqual({
      name: expect.stringMatching(/^sw_/),
      text: "SELECT $1::int AS n",
      values: [7],
    });
    const behindPooler = {};
    useUnnamedStatements(behindPooler);
    expect(prepared(behindPooler, "SELECT $1::int AS n", [7])).toEqual({
      text: "SELECT $1::int AS n",
      values: [7],
    });
    expect(prepared(pool, "SELECT $1::int AS n", [7])).toHaveProperty("name");
  });

  it("should follow DATABASE_NAMED_STATEMENTS for the pools the server creates", async () => {
    const poolFor = (value?: string) => {
      const config = loadConfig({
        STORAGE: "postgres",
        DATABASE_URL: "postgres://nobody@127.0.0.1:9/none",
        ...(value === undefined ? {} : { DATABASE_NAMED_STATEMENTS: value }),
      });
      if (config.storage.kind !== "postgres") throw new Error("expected PostgreSQL settings");
      return createPgPool(config.storage.url, config.storage.pg, createLogger("silent"));
    };
    const byDefault = poolFor();
    const off = poolFor("false");
    expect(prepared(byDefault, "SELECT 1", [])).toHaveProperty("name");
    expect(prepared(off, "SELECT 1", [])).not.toHaveProperty("name");
    // Nothing was connected: ending the pools needs no server.
    await Promise.all([byDefault.end(), off.end()]);
    expect(() =>
      loadConfig({ STORAGE: "postgres", DATABASE_URL: "postgres://x", DATABASE_NAMED_STATEMENTS: "ja" }),
    ).toThrow();
  });
});
