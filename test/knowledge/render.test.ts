import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { fillPlaceholders, findUnknownPlaceholders, renderTopic } from "../../src/knowledge/render.js";
import { fixture } from "./paths.js";

describe("render", () => {
  it("should fill the municipality's settings into a topic", async () => {
    const kb = await loadKnowledgeBase(fixture("valid"));
    const topic = kb.topics.find((t) => t.id === "signalen-loverboy");
    if (!topic) throw new Error("fixture topic missing");
    const nl = renderTopic(topic, kb.settings, "nl");
    expect(nl.lead).toContain("Meldpunt Mensenhandel Teststad");
    expect(nl.lead).not.toContain("{{");
    expect(nl.title).toBe("Signalen van een loverboy");
    expect(renderTopic(topic, kb.settings, "en").title).toBe("Signs of a loverboy");
    expect(nl.sources[0]?.url).toBe("https://example.org/loverboy");
  });

  it("should leave unknown placeholders visible and list them", async () => {
    const { settings } = await loadKnowledgeBase(fixture("valid"));
    expect(fillPlaceholders("Bel {{ aanspreekpunt.telefoon }} of {{fax}}", settings)).toBe(
      "Bel 14 099 of {{fax}}",
    );
    expect(findUnknownPlaceholders("{{gemeente}} {{fax}} {{ zorgcoordinator.naam }} {{x.y}}")).toEqual([
      "fax",
      "x.y",
    ]);
  });
});
