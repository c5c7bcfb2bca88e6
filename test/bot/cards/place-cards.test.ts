import { caseCard } from "../../../src/bot/cards/case-cards.js";
import { placeLinkElements } from "../../../src/bot/cards/place-cards.js";
import type { CaseRecord } from "../../../src/cases/case-schema.js";
import { linkedCase, type PlaceLinks } from "../../../src/cases/place-links.js";
import { newCase } from "../../fixtures/cases/build.js";
import { cardElements, cardTexts } from "../../helpers/cards.js";

const texts = (card: unknown) => cardTexts(card).join("\n");
const record = (number: string, createdAt: string, department: string): CaseRecord => {
  const c = newCase({ createdAt, placeKey: "a".repeat(64) });
  return { ...c, number, reporter: { ...c.reporter, department } };
};
const current = record("MH-2026-0003", "2026-03-04T09:00:00.000Z", "handhaving");
const earlier = [
  record("MH-2026-0001", "2026-03-02T09:00:00.000Z", "wijkteam"),
  { ...record("MH-2026-0002", "2026-03-03T09:00:00.000Z", "wijkteam"), status: "closed" as const },
].map(linkedCase);

describe("place links on the case card", () => {
  it("should list earlier reports about the address, newest first, with date, advice, department and status", () => {
    const links: PlaceLinks = { earlier, later: [] };
    const text = texts(caseCard(current, "nl", { links }));
    expect(text).toContain("Eerdere meldingen over dit adres");
    const second = text.indexOf("- MH-2026-0002 · 3 mrt 2026 · ");
    const first = text.indexOf("- MH-2026-0001 · 2 mrt 2026 · ");
    expect(second).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(second);
    expect(text).toMatch(/MH-2026-0002 · 3 mrt 2026 · [^\n]+ · Wijkteam · afgesloten/);
    expect(text).not.toMatch(/\d+ meldingen uit/);
    expect(text).not.toContain("Latere meldingen");
  });

  it("should show the cluster hint in a band, say it is only a hint, and leave the advice as it was", () => {
    const links: PlaceLinks = { earlier, later: [], cluster: { reports: 3, departments: 2, months: 6 } };
    const plain = caseCard(current, "nl");
    const withHint = caseCard(current, "nl", { links });
    expect(texts(withHint)).toContain("3 meldingen uit 2 afdelingen in 6 maanden");
    expect(texts(withHint)).toContain("Dit is een hint. Het advies verandert er niet door.");
    const bands = cardElements(withHint).filter((e) => e.type === "Container" && e.style === "warning");
    expect(JSON.stringify(bands)).toContain("3 meldingen uit 2 afdelingen");
    // Same advice line and same buttons with or without the hint.
    const advice = (card: unknown) => cardTexts(card).find((t) => t.startsWith("**Advies:**"));
    expect(advice(withHint)).toBe(advice(plain));
    expect(withHint.actions).toEqual(plain.actions);
    expect(texts(caseCard(current, "en", { links }))).toContain("3 reports from 2 departments in 6 months");
  });

  it("should list later reports separately and cut a long list with a pointer to the tab", () => {
    const many = Array.from({ length: 11 }, (_, i) =>
      linkedCase(
        record(
          `MH-2026-${String(i + 10).padStart(4, "0")}`,
          `2026-04-${String(i + 1).padStart(2, "0")}T09:00:00.000Z`,
          "kcc",
        ),
      ),
    );
    const text = texts(placeLinkElements({ earlier: [], later: many }, "nl"));
    expect(text).toContain("Latere meldingen over dit adres");
    expect(text).not.toContain("Eerdere meldingen");
    expect(text.match(/^- MH-/gm)).toHaveLength(8);
    expect(text).toContain("MH-2026-0020"); // the newest is shown
    expect(text).toContain("En nog 3 meldingen.");
    expect(placeLinkElements(undefined, "nl")).toEqual([]);
    expect(placeLinkElements({ earlier: [], later: [] }, "nl")).toEqual([]);
  });
});
