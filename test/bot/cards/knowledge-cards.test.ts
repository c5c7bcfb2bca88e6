import { cardActions, cardElements } from "../../helpers/cards.js";
import { fileURLToPath } from "node:url";
import { answerCard, declineCard, suggestCard } from "../../../src/bot/cards/knowledge-cards.js";
import { loadKnowledgeBase } from "../../../src/knowledge/load.js";
import type { Topic } from "../../../src/knowledge/topic-schema.js";

const kb = await loadKnowledgeBase(fileURLToPath(new URL("../../fixtures/knowledge/valid", import.meta.url)));
const topic = (id: string): Topic => {
  const found = kb.topics.find((t) => t.id === id);
  if (!found) throw new Error(`fixture topic ${id} missing`);
  return found;
};

const texts = (card: unknown) =>
  cardElements(card)
    .filter((e) => e.type === "TextBlock")
    .map((e) => String(e.text));
const executes = (card: unknown) => cardActions(card);

describe("knowledge-cards", () => {
  it("should show title, filled lead, collapsible details and sources as links", () => {
    const card = answerCard(topic("signalen-loverboy"), kb.settings, "nl", [topic("veilig-thuis")]);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(card).not.toHaveProperty("$schema");
    expect(texts(card)[0]).toBe("Signalen van een loverboy");
    expect(texts(card)[1]).toContain("Meldpunt Mensenhandel Teststad");
    const details = cardElements(card).find((e) => e.type === "Container");
    expect(details).toMatchObject({ id: "details-signalen-loverboy", isVisible: false });
    expect(card.actions).toEqual([
      { type: "Action.ToggleVisibility", title: "Meer", targetElements: ["details-signalen-loverboy"] },
    ]);
    expect(cardElements(card).filter((e) => e.type === "Action.OpenUrl")).toEqual([
      { type: "Action.OpenUrl", title: "Voorbeeldbron", url: "https://example.org/loverboy" },
    ]);
  });

  it("should offer related topics (posting the topic) and Ja/Nee feedback (answered at the card) with ids only", () => {
    const card = answerCard(topic("signalen-loverboy"), kb.settings, "nl", [topic("veilig-thuis")]);
    expect(executes(card)).toEqual([
      {
        type: "Action.Submit",
        title: "Veilig Thuis",
        verb: "kb.topic",
        // The topic opens in the language of the answer it belongs to.
        data: { topicId: "veilig-thuis", lang: "nl" },
      },
      {
        type: "Action.Execute",
        title: "Ja",
        verb: "kb.feedback",
        data: { topicId: "signalen-loverboy", useful: true },
      },
      {
        type: "Action.Execute",
        title: "Nee",
        verb: "kb.feedback",
        data: { topicId: "signalen-loverboy", useful: false },
      },
    ]);
    expect(texts(card)).toContain("Was dit nuttig?");
  });

  it("should render in English and leave out Meer when there are no details", () => {
    const card = answerCard(topic("veilig-thuis"), kb.settings, "en", []);
    expect(texts(card)[0]).toBe("Veilig Thuis (Safe at Home)");
    expect(texts(card)).toContain("Was this useful?");
    expect(card.actions).toBeUndefined();
    expect(executes(card).map((a) => a.title)).toEqual(["Yes", "No"]);
  });

  it("should suggest at most three topics as buttons", () => {
    const card = suggestCard([...kb.topics, topic("veilig-thuis")], "nl");
    expect(texts(card)[0]).toBe("Bedoelde je ...?");
    expect(executes(card).map((a) => a.verb)).toEqual(["kb.topic", "kb.topic", "kb.topic", "check.menu"]);
    expect(executes(card).at(-1)?.title).toBe("Start signaalcheck");
    expect(texts(card)).toContain(
      "Gaat het om iets wat je zag? De signaalcheck stelt je een paar vragen en geeft advies.",
    );
    expect(texts(suggestCard([topic("veilig-thuis")], "en"))[0]).toBe("Did you mean ...?");
  });

  it("should decline politely with the contact point from settings", () => {
    const nl = texts(declineCard(kb.settings, "nl"));
    expect(nl[0]).toBe("Daar kan ik je niet mee helpen");
    const body = nl.join(" ");
    expect(body).toContain("Meldpunt Mensenhandel Teststad");
    expect(body).toContain("14 099");
    expect(body).toContain("meldpunt@teststad.example");
    expect(body).toContain("help");
    expect(body).not.toContain("{{");
    expect(texts(declineCard(kb.settings, "en"))[0]).toBe("I can't help you with that");
  });

  it("should never call people 'illegaal' in any card, though users may type it", async () => {
    const real = await loadKnowledgeBase(fileURLToPath(new URL("../../../knowledge", import.meta.url)));
    expect(real.synonyms.groups.flat()).toContain("illegaal");
    // "illegale prostitutie / adoptie" names an act, not a person
    const aboutPeople = /\billegal(e|en|s)?\b(?!\s+(prostitutie|adoptie|prostitution|adoption))/i;
    for (const lang of ["nl", "en"] as const) {
      const cards = [
        ...real.topics.map((t) => answerCard(t, real.settings, lang, [])),
        suggestCard(real.topics.slice(0, 3), lang),
        declineCard(real.settings, lang),
      ];
      for (const card of cards) {
        const said = [...texts(card), ...cardElements(card).map((e) => String(e.title ?? ""))].join("\n");
        expect(said).not.toMatch(aboutPeople);
      }
    }
  });
});
