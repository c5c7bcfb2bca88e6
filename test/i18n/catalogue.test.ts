import { en } from "../../src/i18n/en.js";
import { fill, inBothLangs, textsFor, type Lang } from "../../src/i18n/index.js";
import { nl } from "../../src/i18n/nl.js";

/** Every text of a catalogue by its path ("checkCard.todo.consult", "bot.helpCommands.0.1"). */
function leaves(value: unknown, path = ""): Map<string, unknown> {
  if (value === null || typeof value !== "object") return new Map([[path, value]]);
  const entries = Object.entries(value).flatMap(([key, child]) => [
    ...leaves(child, path ? `${path}.${key}` : key),
  ]);
  return new Map(entries);
}

/** The kind of every node, lists with their length, so a list with an extra or missing item shows up. */
function shape(value: unknown, path = ""): string[] {
  if (typeof value === "string") return [`${path}: string`];
  if (Array.isArray(value))
    return [`${path}: list of ${value.length}`, ...value.flatMap((v, i) => shape(v, `${path}.${i}`))];
  if (value !== null && typeof value === "object")
    return Object.entries(value)
      .flatMap(([key, child]) => shape(child, path ? `${path}.${key}` : key))
      .sort();
  return [`${path}: ${typeof value}`];
}

/** The placeholder names of a text: `{number}` (filled by `fill`) and `{{aanspreekpunt.naam}}` (settings). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{?([\w.]+)\}?\}/g)].map((m) => m[0]).sort();
}

const catalogues: Record<Lang, unknown> = { nl, en };

describe("catalogue", () => {
  it("should have the same sections, keys and list lengths in Dutch and English", () => {
    expect(shape(en)).toEqual(shape(nl));
  });

  it.each(["nl", "en"] as const)("should hold only non-empty texts in %s", (lang) => {
    const bad = [...leaves(catalogues[lang])].filter(([, v]) => typeof v !== "string" || v.trim() === "");
    expect(bad.map(([path]) => path)).toEqual([]);
  });

  it("should use the same placeholders in Dutch and English", () => {
    const english = leaves(en);
    const differing = [...leaves(nl)]
      .filter(([path, text]) => {
        const other = english.get(path);
        return typeof text === "string" && typeof other === "string"
          ? placeholders(text).join() !== placeholders(other).join()
          : false;
      })
      .map(([path]) => path);
    expect(differing).toEqual([]);
  });

  it("should give the catalogue of the language asked for", () => {
    expect(textsFor("nl")).toBe(nl);
    expect(textsFor("en")).toBe(en);
    expect(inBothLangs((t) => t.dialogs.yes)).toEqual({ nl: "Ja", en: "Yes" });
  });
});

describe("fill", () => {
  it("should fill each placeholder once and leave unknown ones as they are", () => {
    expect(fill("{number} door {by}, {missing}", { number: "MH-1", by: "{number}" })).toBe(
      "MH-1 door {number}, {missing}",
    );
  });
});
