import type { AcuteDeps } from "../../../src/bot/bot.js";
import { acuteDanger } from "../../../src/bot/features/acute.js";
import type { QuestionHandler } from "../../../src/bot/feature.js";
import { ACUTE, handled } from "../../../src/bot/reply.js";
import { actionsOf, cardsOf, visibleText } from "../../harness/replies.js";
import { repoAcuteLexicon } from "../../helpers/acute-lexicon.js";
import { cardTexts } from "../../helpers/cards.js";
import {
  CONTACT_POINT,
  echoKnowledge,
  featureBot,
  inChannel,
  personal,
  PERSONAL_ONLY,
  recordingLogger,
  said,
  welcomed,
} from "./setup.js";

const DANGER = "Er staat een man met een mes in de gang";
/** The 112 card opens with its Dutch and its English heading, whatever the user's language. */
const HEADINGS = ["Is er nu gevaar? Bel 112.", "Danger right now? Call 112."];

let acute: AcuteDeps;
beforeAll(async () => {
  acute = acuteDanger(CONTACT_POINT, await repoAcuteLexicon());
});

/** The bot with the real detector and 112 card; the answer to the message comes from `knowledge`. */
const acuteBot = (knowledge: QuestionHandler = echoKnowledge, logger = recordingLogger().logger) =>
  featureBot({ features: [], acute, knowledge, logger });

const opening = (card: Record<string, unknown> | undefined) => cardTexts(card).slice(0, 2);

describe("acute feature", () => {
  it("should put the 112 card first, before the welcome and the answer, when danger is typed", async () => {
    const { chat } = acuteBot();
    const replies = await chat.say(personal("Tess"), DANGER);
    const lines = said(replies);
    expect(lines).toHaveLength(3);
    expect((lines[0] as string[]).slice(0, 2)).toEqual(HEADINGS);
    expect((lines[1] as string[])[0]).toBe("Welkom bij Signaalwijzer");
    expect(lines[2]).toBe(`kennisbank: ${DANGER}`);
    const card = visibleText([replies[0]!]);
    expect(card).toContain("Aanspreekpunt: Meldpunt Mensenhandel Teststad");
    expect(card).toContain("Telefoon: 14 099");
    expect(card).toContain("Phone: 14 099");
    expect(card).not.toContain("meldpunt@teststad.example");
    expect(actionsOf([replies[0]!])).toEqual([
      { title: "Melden bij aanspreekpunt / Report", verb: "report.start", data: { urgent: true } },
    ]);
  });

  it("should send no 112 card when nothing points to danger now", async () => {
    const { chat } = acuteBot();
    const tess = await welcomed(chat, personal("Tess"));
    expect(said(await chat.say(tess, "Wat zijn signalen van arbeidsuitbuiting?"))).toEqual([
      "kennisbank: Wat zijn signalen van arbeidsuitbuiting?",
    ]);
  });

  it("should show the same card, in Dutch and English, to English Teams", async () => {
    const { chat } = acuteBot();
    const ann = await welcomed(chat, personal("Ann", { locale: "en-GB" }));
    const english = cardsOf(await chat.say(ann, "there is a man with a knife in the hallway"));
    const tess = await welcomed(chat, personal("Tess"));
    const dutch = cardsOf(await chat.say(tess, DANGER));
    expect(opening(english[0])).toEqual(HEADINGS);
    expect(english[0]).toEqual(dutch[0]);
  });

  it("should show the 112 card in a channel too, before sending the rest to the personal chat", async () => {
    const { chat } = acuteBot();
    const replies = said(await chat.say(inChannel(personal("Kanaallid")), DANGER));
    expect(replies).toHaveLength(2);
    expect((replies[0] as string[]).slice(0, 2)).toEqual(HEADINGS);
    expect(replies[1]).toEqual([PERSONAL_ONLY]);
  });

  it("should send the 112 card once when the answer asks for it as well", async () => {
    const { chat } = acuteBot({ onQuestion: async () => handled([ACUTE, "antwoord", ACUTE]) });
    const tess = await welcomed(chat, personal("Tess"));
    const replies = said(await chat.say(tess, DANGER));
    expect(replies).toHaveLength(2);
    expect((replies[0] as string[]).slice(0, 2)).toEqual(HEADINGS);
    expect(replies[1]).toBe("antwoord");
  });

  it("should log which cues matched but never what was typed", async () => {
    const { logger, entries } = recordingLogger();
    const { chat } = acuteBot(echoKnowledge, logger);
    await chat.say(personal("Tess"), DANGER);
    const cue = entries.find((e) => e.msg === "acute danger cue");
    expect(cue?.cues).toEqual([expect.stringMatching(/^[a-z0-9_-]+$/)]);
    expect(JSON.stringify(entries)).not.toMatch(/mes in de gang/);
  });

  it("should not look for danger in an empty message", async () => {
    const looked: string[] = [];
    const spy: AcuteDeps = {
      detect: (text) => (looked.push(text), { acute: true, cues: ["x"] }),
      card: acute.card,
    };
    const { chat } = featureBot({ features: [], acute: spy });
    const tess = await welcomed(chat, personal("Tess"));
    expect(await chat.say(tess, "   ")).toEqual([]);
    expect(looked).toEqual([]);
  });

  it("should show the 112 card for danger in a message too long to answer", async () => {
    const { chat } = acuteBot();
    const tess = await welcomed(chat, personal("Tess"));
    const replies = said(await chat.say(tess, `${DANGER}. ${"Ik zag nog meer. ".repeat(300)}`));
    expect((replies[0] as string[]).slice(0, 2)).toEqual(HEADINGS);
    expect(replies.at(-1)).toMatch(/te lang/);
  });
});
