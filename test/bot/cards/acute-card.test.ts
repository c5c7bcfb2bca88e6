import { acuteCard } from "../../../src/bot/cards/acute-card.js";

const settings = { contactPointName: "Meldpunt Testgemeente", contactPointPhone: "14 099" };

function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    const own = typeof record.text === "string" ? [record.text] : [];
    const facts = Array.isArray(record.facts)
      ? (record.facts as { value: string }[]).map((f) => f.value)
      : [];
    return [...own, ...facts, ...Object.values(record).flatMap(texts)];
  }
  return [];
}

describe("acuteCard", () => {
  const result = acuteCard(settings);

  it("should be an Adaptive Card 1.5 without $schema that opens with a 112 banner in attention style", () => {
    expect(result).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(result).not.toHaveProperty("$schema");
    const banner = result.body[0] as Record<string, unknown>;
    expect(banner).toMatchObject({ type: "Container", style: "attention" });
    expect(texts(banner)).toEqual(["Is er nu gevaar? Bel 112.", "Danger right now? Call 112."]);
  });

  it("should say in Dutch and English to stay safe and not confront anyone", () => {
    const all = texts(result.body).join("\n");
    expect(all).toContain("eigen veiligheid");
    expect(all).toContain("ga geen confrontatie aan");
    expect(all).toContain("Keep yourself and others safe");
    expect(all).toContain("Do not confront anyone");
  });

  it("should show the contact point's name and phone as plain text, with no tel: link", () => {
    const all = texts(result.body);
    expect(all.filter((t) => t === "14 099")).toHaveLength(2);
    expect(all).toContain("Meldpunt Testgemeente");
    expect(JSON.stringify(result)).not.toContain("tel:");
  });

  it("should offer one urgent report button with only small data, posting the form below the card", () => {
    expect(result.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Melden bij aanspreekpunt / Report",
        data: { verb: "report.start", urgent: true },
      },
    ]);
  });
});
