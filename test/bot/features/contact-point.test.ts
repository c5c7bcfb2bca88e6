import { fileURLToPath } from "node:url";
import { acuteDanger } from "../../../src/bot/features/acute.js";
import { checkFeature } from "../../../src/bot/features/check.js";
import { contactPointSettings } from "../../../src/bot/features/contact-point.js";
import { toReply } from "../../../src/bot/reply.js";
import type { ContactPointSettings } from "../../../src/bot/cards/check-cards.js";
import { loadKnowledgeBase } from "../../../src/knowledge/load.js";
import type { AcuteLexicon } from "../../../src/signals/acute-lexicon.js";
import { cardsOf, visibleText, type BotActivity } from "../../harness/replies.js";
import { repoAcuteLexicon } from "../../helpers/acute-lexicon.js";
import { cardTexts } from "../../helpers/cards.js";
import {
  featureBot,
  loadCheckContent,
  personal,
  silentLogger,
  TO_ESCALATE,
  welcomed,
  type Person,
} from "./setup.js";

/** The test municipality (test/fixtures/knowledge/valid/municipality.yaml), so the values differ from the real ones. */
const FIXTURE_KB = fileURLToPath(new URL("../../fixtures/knowledge/valid", import.meta.url));

let contactPoint: ContactPointSettings;
let content: Awaited<ReturnType<typeof loadCheckContent>>;
let lexicon: AcuteLexicon;
beforeAll(async () => {
  contactPoint = contactPointSettings((await loadKnowledgeBase(FIXTURE_KB)).settings);
  content = await loadCheckContent();
  lexicon = await repoAcuteLexicon();
});

/** A bot that shows the contact point where users meet it: on the 112 card and on the advice of a check. */
function contactPointBot() {
  const check = checkFeature({
    ...content,
    contactPoint,
    topicTitles: new Map(),
    answerQuestion: async () => undefined,
    showTopic: (_turn, topicId) => toReply(topicId),
    logger: silentLogger(),
  });
  return featureBot({ features: [check], check, acute: acuteDanger(contactPoint, lexicon) });
}

async function adviceFor(person: Person): Promise<string> {
  const { chat } = contactPointBot();
  await chat.say(await welcomed(chat, person), "check");
  let advice: BotActivity[] = [];
  for (const answer of TO_ESCALATE) advice = await chat.say(person, answer);
  return visibleText(advice);
}

describe("contact-point feature", () => {
  it("should take the contact point's name, phone and e-mail from the municipality settings", () => {
    expect(contactPoint).toEqual({
      contactPointName: "Meldpunt Mensenhandel Teststad",
      contactPointPhone: "14 099",
      contactPointEmail: "meldpunt@teststad.example",
    });
  });

  it("should put the contact point's name and phone on the 112 card, in both languages", async () => {
    const { chat } = contactPointBot();
    const replies = await chat.say(personal("Tess"), "Er staat een man met een mes in de gang");
    const text = visibleText([replies[0]!]);
    expect(cardTexts(cardsOf(replies)[0])[0]).toBe("Is er nu gevaar? Bel 112.");
    for (const line of [
      "Aanspreekpunt: Meldpunt Mensenhandel Teststad",
      "Telefoon: 14 099",
      "Contact point: Meldpunt Mensenhandel Teststad",
      "Phone: 14 099",
    ])
      expect(text).toContain(line);
  });

  it("should name the contact point with phone and e-mail in the advice to report today", async () => {
    expect(await adviceFor(personal("Tess"))).toContain(
      "- Meld het vandaag bij het aanspreekpunt mensenhandel: Meldpunt Mensenhandel Teststad, 14 099, meldpunt@teststad.example. Gebruik de knop hieronder.",
    );
    expect(await adviceFor(personal("Ann", { locale: "en-US" }))).toContain(
      "- Report it today to the human trafficking contact point: Meldpunt Mensenhandel Teststad, 14 099, meldpunt@teststad.example. Use the button below.",
    );
  });
});
