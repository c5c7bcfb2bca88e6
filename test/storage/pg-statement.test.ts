import { prepared, statementNamer } from "../../src/storage/pg-statement.js";

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

  it("should carry the name, text and values for pg", () => {
    expect(prepared("SELECT $1::int AS n", [7])).toEqual({
      name: expect.stringMatching(/^sw_/),
      text: "SELECT $1::int AS n",
      values: [7],
    });
  });
});
