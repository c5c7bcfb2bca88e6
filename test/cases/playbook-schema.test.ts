import {
  choosePlaybook,
  MAX_PLAYBOOK_TEXT,
  MAX_PLAYBOOK_TITLE,
  Playbook,
  playbookFits,
  type PlaybookFacts,
} from "../../src/cases/playbook-schema.js";

const text = (nl: string) => ({ nl, en: `${nl} (en)` });
const playbook = (id: string, when: Playbook["when"]): Playbook =>
  Playbook.parse({
    id,
    title: text(`Draaiboek ${id}`),
    summary: text("Voor de test."),
    when,
    steps: [{ id: "vastleggen", title: text("Vastleggen"), why: text("Alleen feiten.") }],
    sources: ["BRIEF.md §3"],
    reviewed: "2026-12-03",
  });
const facts = (over: Partial<PlaybookFacts> = {}): PlaybookFacts => ({
  minor: false,
  locationOnly: false,
  acute: false,
  forms: [],
  ...over,
});

const general = playbook("algemeen", { fallback: true });
const adult = playbook("volwassene", { minor: false });
const labour = playbook("arbeid", { minor: false, forms: ["labour"] });
const sexOrCrime = playbook("seks-of-crimineel", { forms: ["sexual", "criminal"] });
const acute = playbook("acuut", { acute: true });

describe("playbook schema", () => {
  it("should refuse a why, summary or title longer than a card can show, in either language", () => {
    const base = playbook("arbeid", { forms: ["labour"] });
    const step = base.steps[0]!;
    const withStep = (over: object) => ({ ...base, steps: [{ ...step, ...over }] });
    const long = "a".repeat(MAX_PLAYBOOK_TEXT + 1);
    expect(Playbook.safeParse(withStep({ why: { nl: long, en: "ok" } })).success).toBe(false);
    expect(Playbook.safeParse(withStep({ why: { nl: "ok", en: long } })).success).toBe(false);
    expect(Playbook.safeParse({ ...base, summary: text(long) }).success).toBe(false);
    expect(Playbook.safeParse(withStep({ title: text("t".repeat(MAX_PLAYBOOK_TITLE + 1)) })).success).toBe(
      false,
    );
    expect(Playbook.safeParse(withStep({ why: text("a".repeat(MAX_PLAYBOOK_TEXT - 5)) })).success).toBe(true);
  });

  it("should pick the fitting playbook with the most conditions", () => {
    const all = [acute, general, labour, adult];
    expect(choosePlaybook(all, facts({ forms: ["labour"] }))?.id).toBe("arbeid");
    expect(choosePlaybook(all, facts({ forms: ["sexual"] }))?.id).toBe("volwassene");
    expect(choosePlaybook(all, facts({ minor: true, acute: true }))?.id).toBe("acuut");
  });

  it("should break a tie by the order of the list (the loader sorts by id)", () => {
    const other = playbook("zz-arbeid", { minor: false, forms: ["labour"] });
    expect(choosePlaybook([labour, other], facts({ forms: ["labour"] }))?.id).toBe("arbeid");
    expect(choosePlaybook([other, labour], facts({ forms: ["labour"] }))?.id).toBe("zz-arbeid");
  });

  it("should fall back when nothing else fits, and give undefined without a fallback", () => {
    expect(choosePlaybook([labour, general], facts({ minor: true }))?.id).toBe("algemeen");
    expect(choosePlaybook([labour], facts({ minor: true }))).toBeUndefined();
  });

  it("should never let the fallback fit on its own conditions", () => {
    expect(playbookFits(general.when, facts())).toBe(false);
    expect(choosePlaybook([general, adult], facts())?.id).toBe("volwassene");
  });

  it("should match forms when any of the case's forms is among the playbook's forms", () => {
    expect(playbookFits(sexOrCrime.when, facts({ forms: ["criminal"] }))).toBe(true);
    expect(playbookFits(sexOrCrime.when, facts({ forms: ["labour", "sexual"] }))).toBe(true);
    expect(playbookFits(sexOrCrime.when, facts({ forms: ["labour"] }))).toBe(false);
    expect(playbookFits(sexOrCrime.when, facts({ forms: [] }))).toBe(false);
  });

  it("should treat a condition left out as always holding", () => {
    expect(playbookFits(adult.when, facts({ acute: true, locationOnly: true, forms: ["organ"] }))).toBe(true);
    expect(playbookFits(adult.when, facts({ minor: true }))).toBe(false);
  });
});
