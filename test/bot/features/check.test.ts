import type { AcuteDeps } from "../../../src/bot/bot.js";
import { acuteDanger } from "../../../src/bot/features/acute.js";
import { basicsFeature } from "../../../src/bot/features/basics.js";
import { checkFeature } from "../../../src/bot/features/check.js";
import type { Counter } from "../../../src/insight/counters.js";
import { formsOf } from "../../../src/signals/catalogue.js";
import { toReply } from "../../../src/bot/reply.js";
import type { SignalContent } from "../../../src/dialogs/engine.js";
import type { DialogTree } from "../../../src/dialogs/tree-schema.js";
import type { KeyValueStore } from "../../../src/storage/key-value-store.js";
import { actionsOf, cardsOf, invokeBody, visibleText, type BotActivity } from "../../harness/replies.js";
import { repoAcuteLexicon } from "../../helpers/acute-lexicon.js";
import { cardElements, cardTexts, cardActions } from "../../helpers/cards.js";
import {
  CONTACT_POINT,
  featureBot,
  inChannel,
  INVALID_INPUT,
  loadCheckContent,
  messagesOf,
  NOW,
  personal,
  PERSONAL_ONLY,
  said,
  savedData,
  silentLogger,
  TO_ESCALATE,
  welcomed,
} from "./setup.js";

const NO_CHECK = "Er loopt geen check meer. Typ **check** om te beginnen.";
const FIRST_QUESTION = "Waar zag of hoorde je het?";

let content: SignalContent & { trees: readonly DialogTree[] };
let acute: AcuteDeps;
beforeAll(async () => {
  content = await loadCheckContent();
  acute = acuteDanger(CONTACT_POINT, await repoAcuteLexicon());
});

/**
 * A bot with only the check (and the 112 card): the knowledge base's two calls are fakes that record what the
 * check asks of them; a question about "loverboy" is one the fake can answer.
 */
function checkBot(options: { trees?: readonly DialogTree[]; kv?: KeyValueStore } = {}) {
  const asked: Array<{ text: string; decline: boolean }> = [];
  const counted: Counter[] = [];
  const check = checkFeature({
    ...content,
    trees: options.trees ?? content.trees,
    contactPoint: CONTACT_POINT,
    topicTitles: new Map([["arbeidsinspectie", { nl: "De Arbeidsinspectie", en: "The Labour Authority" }]]),
    answerQuestion: async (_turn, text, { decline }) => {
      asked.push({ text, decline });
      return /loverboy/.test(text) ? [toReply("kennisbank: over loverboys")] : undefined;
    },
    showTopic: (turn, topicId) => toReply(`onderwerp ${topicId} (${turn.lang})`),
    countCheck: async (counters) => void counted.push(...counters),
    logger: silentLogger(),
  });
  const made = featureBot({ features: [check, basicsFeature()], check, acute, kv: options.kv });
  return { ...made, asked, counted };
}

/** The heading of each card among the replies (its first TextBlock that is not the progress line). */
const questions = (replies: BotActivity[]) =>
  cardsOf(messagesOf(replies)).map((c) =>
    cardTexts(c).find((t) => !/^(Vraag|Question) \d+ (van|of) ~\d+$/.test(t)),
  );

describe("check feature", () => {
  describe("commands", () => {
    it("should start the general check on 'check' with its first question, progress and buttons", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      const replies = await chat.say(tess, "check");
      const [card] = cardsOf(replies);
      expect(cardTexts(card)[0]).toMatch(/^Vraag 1 van ~\d+$/);
      expect(cardTexts(card)[1]).toBe(FIRST_QUESTION);
      const answers = actionsOf(replies).filter((a) => a.verb === "check.answer");
      expect(answers.map((a) => a.title)).toEqual([
        "1. Bij een huisbezoek",
        "2. Aan de balie",
        "3. Bij een inspectie of controle",
        "4. Op of rond school",
        "5. In een telefoongesprek",
      ]);
      expect(answers[0]?.data).toEqual({ treeId: "algemeen", nodeId: "situatie", optionIds: ["huisbezoek"] });
      // The first question has nothing to go back to.
      expect(
        actionsOf(replies)
          .map((a) => a.verb)
          .slice(5),
      ).toEqual(["check.skip", "check.stop"]);
    });

    it("should start the call script on 'kcc' with its info step, and continue to a multiple choice", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      const info = await chat.say(tess, "kcc");
      expect(cardTexts(cardsOf(info)[0])[0]).toMatch(/^Laat de beller eerst vertellen\./);
      const next = actionsOf(info).find((a) => a.verb === "check.continue");
      expect(next).toEqual({
        title: "Verder",
        verb: "check.continue",
        data: { treeId: "kcc-belscript", nodeId: "luisteren" },
      });
      const multi = await chat.click(tess, "check.continue", next!.data);
      expect(invokeBody(multi).value).toBe("");
      expect(questions(multi)).toEqual([
        "Vertelt de beller dat nu een van deze dingen gebeurt? Kies alles wat de beller noemt, of kies niets.",
      ]);
      const choices = cardElements(cardsOf(multi)).find((e) => e.type === "Input.ChoiceSet");
      expect(choices).toMatchObject({ id: "optionIds", isMultiSelect: true });
      expect((choices!.choices as unknown[]).length).toBe(6);
      expect(actionsOf(multi)[0]).toEqual({
        title: "Volgende",
        verb: "check.answer",
        data: { treeId: "kcc-belscript", nodeId: "gevaar-nu" },
      });
    });
  });

  describe("menu and start", () => {
    it("should list every check on the menu, with the 112 reminder", async () => {
      const { chat } = checkBot();
      const replies = await chat.click(personal("Tess"), "check.menu");
      // The menu button posts the menu as a message (Action.Submit): no invoke, so no notice at the clicked card.
      expect(replies.some((a) => a.type === "invokeResponse")).toBe(false);
      const [menu] = cardsOf(replies);
      expect(cardTexts(menu).slice(0, 2)).toEqual([
        "Welke signaalcheck wil je doen?",
        "Is er nu direct gevaar? Bel eerst 112.",
      ]);
      expect(cardActions(menu).map((a) => (a.data as { treeId: string }).treeId)).toEqual(
        content.trees.map((t) => t.id),
      );
    });

    it("should start the chosen check from a Start button that posts its first question and leaves the menu", async () => {
      const { chat } = checkBot();
      const tess = personal("Tess");
      const replies = await chat.click(tess, "check.start", { treeId: "minderjarigen" });
      expect(replies.map((a) => a.type)).toEqual(["message"]);
      expect(questions(replies)).toEqual(["Is de jongere jonger dan 18 jaar, of lijkt het zo?"]);
      expect(questions(await chat.click(tess, "check.start", {}))).toEqual([FIRST_QUESTION]);
    });

    it("should say that a check does not exist and show the menu again", async () => {
      const { chat, kv } = checkBot();
      const tess = personal("Tess");
      const replies = await chat.click(tess, "check.start", { treeId: "bestaat-niet" });
      expect(said(replies)[0]).toBe("Die check bestaat niet (meer). Kies er een uit de lijst.");
      expect(questions(replies)).toEqual(["Welke signaalcheck wil je doen?"]);
      expect((await savedData(kv, tess))?.check).toBeUndefined();
    });
  });

  describe("answering", () => {
    it("should replace the clicked question by the answer and ask the next one", async () => {
      const { chat } = checkBot();
      const tess = personal("Tess");
      const first = await chat.click(tess, "check.start", { treeId: "algemeen" });
      const home = actionsOf(first).find((a) => a.title === "1. Bij een huisbezoek")!;
      const replies = await chat.click(tess, "check.answer", home.data);
      const answered = invokeBody(replies).value;
      expect(cardTexts(answered)).toEqual([FIRST_QUESTION, "✓ Bij een huisbezoek"]);
      expect(cardActions(answered)).toEqual([]);
      expect(cardTexts(cardsOf(messagesOf(replies))[0])[0]).toMatch(/^Vraag 2 van ~\d+$/);
      expect(questions(replies)).toEqual([
        "Gaat het om een persoon die je zag of sprak, of alleen om een adres of plek?",
      ]);
      expect(actionsOf(replies).map((a) => a.verb)).toContain("check.back");
    });

    it("should go back with the earlier answer ticked, and skip a question", async () => {
      const { chat } = checkBot();
      const tess = personal("Tess");
      await chat.click(tess, "check.start", { treeId: "algemeen" });
      await chat.click(tess, "check.answer", {
        treeId: "algemeen",
        nodeId: "situatie",
        optionIds: ["balie"],
      });
      const back = await chat.click(tess, "check.back", { treeId: "algemeen", nodeId: "persoon-of-adres" });
      expect(invokeBody(back).value).toBe("");
      expect(questions(back)).toEqual([FIRST_QUESTION]);
      expect(actionsOf(back).map((a) => a.title)).toContain("✓ 2. Aan de balie");
      expect(visibleText(back)).toContain("Je eerdere antwoord staat aangevinkt.");
      const skipped = await chat.click(tess, "check.skip", { treeId: "algemeen", nodeId: "situatie" });
      expect(cardTexts(invokeBody(skipped).value)).toEqual([FIRST_QUESTION, "✓ Overgeslagen"]);
      expect(questions(skipped)).toEqual([
        "Gaat het om een persoon die je zag of sprak, of alleen om een adres of plek?",
      ]);
    });

    it("should take a multiple choice sent as 'a,b' or as nothing chosen", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      await chat.say(tess, "huisbezoek");
      await chat.say(tess, "persoon");
      await chat.say(tess, "nee");
      const multi = await chat.say(tess, "werk");
      const submit = actionsOf(multi).find((a) => a.verb === "check.answer")!;
      const none = await chat.click(tess, "check.answer", { ...submit.data, optionIds: "" });
      expect(cardTexts(invokeBody(none).value).at(-1)).toBe("✓ Geen van deze");
      const back = await chat.click(tess, "check.back", {});
      const again = actionsOf(back).find((a) => a.verb === "check.answer")!;
      const options = cardElements(cardsOf(back)).find((e) => e.type === "Input.ChoiceSet")!;
      const [a, b] = (options.choices as Array<{ title: string; value: string }>).map((c) => c.value);
      const two = await chat.click(tess, "check.answer", { ...again.data, optionIds: `${a},${b}` });
      const labels = (options.choices as Array<{ title: string }>).slice(0, 2).map((c) => c.title.slice(3));
      expect(cardTexts(invokeBody(two).value).at(-1)).toBe(`✓ ${labels.join(", ")}`);
    });

    it("should show the 112 card first, once, the moment an acute signal is chosen, and with the advice", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "kcc");
      await chat.click(tess, "check.continue", { treeId: "kcc-belscript", nodeId: "luisteren" });
      const replies = await chat.click(tess, "check.answer", {
        treeId: "kcc-belscript",
        nodeId: "gevaar-nu",
        optionIds: "levensgevaar",
      });
      const cards = cardsOf(messagesOf(replies));
      expect(cards.map((c) => cardTexts(c)[0])).toEqual([
        "Is er nu gevaar? Bel 112.",
        expect.stringMatching(/^Zeg tegen de beller: bel nu 112\./),
      ]);
      const next = actionsOf(replies).find((a) => a.verb === "check.continue")!;
      const advice = cardsOf(await chat.click(tess, "check.continue", next.data));
      expect(advice.map((c) => cardTexts(c)[0])).toEqual(["Is er nu gevaar? Bel 112.", "Acuut: bel nu 112"]);
      expect(cardTexts(advice[1])).toContain(
        "- Bel nu 112.\n- Meld het daarna meteen bij het aanspreekpunt: Meldpunt Mensenhandel Teststad, 14 099.",
      );
    });

    it("should not act on a button of a question already answered, and show where the check is", async () => {
      const { chat } = checkBot();
      const tess = personal("Tess");
      await chat.click(tess, "check.start", { treeId: "algemeen" });
      const home = { treeId: "algemeen", nodeId: "situatie", optionIds: ["huisbezoek"] };
      await chat.click(tess, "check.answer", home);
      const again = await chat.click(tess, "check.answer", { ...home, optionIds: ["school"] });
      // The old card is left as it is: no replacement, the reason in the chat, then the current question.
      expect(invokeBody(again).value).toBe("");
      expect(said(again)[0]).toBe("Die vraag is al beantwoord. Hier ben je nu:");
      expect(questions(again)).toEqual([
        "Gaat het om een persoon die je zag of sprak, of alleen om een adres of plek?",
      ]);
      // The stale click changed nothing: going back shows the first answer ticked.
      const back = await chat.click(tess, "check.back", {});
      expect(actionsOf(back).map((a) => a.title)).toContain("✓ 1. Bij een huisbezoek");
    });
  });

  describe("typed text", () => {
    it("should take a typed number, say when it cannot read an answer, and answer a question in between", async () => {
      const { chat, asked } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      const unread = await chat.say(tess, "blauw");
      expect(said(unread)[0]).toBe(
        "Dat antwoord begreep ik niet. Klik op een knop, typ het nummer of het antwoord, of typ **terug**, **overslaan** of **stop**.",
      );
      expect(questions(unread)).toEqual([FIRST_QUESTION]);
      const question = await chat.say(tess, "wat is een loverboy?");
      expect(said(question).slice(0, 2)).toEqual([
        "kennisbank: over loverboys",
        "We gaan verder met de check:",
      ]);
      expect(questions(question)).toEqual([FIRST_QUESTION]);
      expect(asked).toEqual([
        { text: "blauw", decline: false },
        { text: "wat is een loverboy?", decline: true },
      ]);
      // "2" is the counter: the next question is worded for it.
      expect(questions(await chat.say(tess, "2"))).toEqual([
        "Gaat het om een klant aan de balie, of alleen om een adres (bijvoorbeeld in de inschrijvingen)?",
      ]);
    });

    it("should stop on the Stop button and on typed 'stop', after which no check runs", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      const stopped = await chat.click(tess, "check.stop", { treeId: "algemeen" });
      expect(invokeBody(stopped).value).toBe("");
      expect(said(stopped)).toEqual([
        "De check is gestopt. Typ **check** om opnieuw te beginnen, of stel een vraag.",
      ]);
      expect(said(await chat.say(tess, "terug"))).toEqual([
        "Er loopt geen check. Typ **check** om er een te beginnen, of stel je vraag.",
      ]);
      await chat.say(tess, "kcc");
      expect(said(await chat.say(tess, "stop"))).toEqual([
        "De check is gestopt. Typ **check** om opnieuw te beginnen, of stel een vraag.",
      ]);
    });
  });

  describe("the advice", () => {
    async function toAdvice() {
      const made = checkBot();
      const tess = await welcomed(made.chat, personal("Tess"));
      await made.chat.say(tess, "check");
      let advice: BotActivity[] = [];
      for (const answer of TO_ESCALATE) advice = await made.chat.say(tess, answer);
      return { ...made, tess, advice };
    }

    it("should count the finished check with its forms and the department the user chose, and no text", async () => {
      const made = checkBot();
      const tess = await welcomed(made.chat, personal("Tess"));
      await made.chat.say(tess, "afdeling");
      await made.chat.click(tess, "prefs.department", { department: "wmo" });
      await made.chat.say(tess, "check");
      for (const answer of TO_ESCALATE) await made.chat.say(tess, answer);
      const keys = made.counted.map((c) => `${c.metric}:${c.key}:${c.n}`);
      expect(keys).toContainEqual("checks:ESCALATE|algemeen|wmo:1");
      // The forms come from the catalogue for the signals counted (none specific here: "unknown").
      const signalIds = made.counted.filter((c) => c.metric === "check_signals").map((c) => c.key);
      const forms = formsOf(content.catalogue, signalIds);
      expect(made.counted.filter((c) => c.metric === "check_forms").map((c) => c.key)).toEqual(
        forms.length > 0 ? forms : ["unknown"],
      );
      // Ids and labels only: nothing the user typed or chose as free text.
      expect(made.counted.every((c) => /^[A-Za-z_]+(\|[a-z-]+)*$/.test(c.key))).toBe(true);
      const nobody = personal("Niels");
      await made.chat.say(nobody, "check");
      made.counted.length = 0;
      for (const answer of TO_ESCALATE) await made.chat.say(nobody, answer);
      expect(made.counted.map((c) => c.key)).toContain("ESCALATE|algemeen|unknown");
    });

    it("should end with the advice, its buttons, and the result kept for a report", async () => {
      const { advice, kv, tess } = await toAdvice();
      const [card] = cardsOf(advice);
      expect(cardTexts(card).slice(0, 2)).toEqual([
        "Melden: vandaag bij het aanspreekpunt",
        "De signalen zijn ernstig genoeg om vandaag te melden.",
      ]);
      expect(visibleText(advice)).toContain(
        "- Meld het vandaag bij het aanspreekpunt mensenhandel: Meldpunt Mensenhandel Teststad, 14 099, meldpunt@teststad.example. Gebruik de knop hieronder.",
      );
      const buttons = actionsOf(advice);
      // Topic buttons carry the title the knowledge base gives, else the topic id as words.
      expect(buttons.filter((a) => a.verb === "kb.topic").map((a) => a.title)).toContain(
        "De Arbeidsinspectie",
      );
      expect(buttons.filter((a) => a.verb === "kb.topic").map((a) => a.title)).toContain(
        "Signalen arbeidsuitbuiting",
      );
      const rule = buttons.find((a) => a.verb === "advice.explain")?.data.rule;
      expect(buttons.slice(-3)).toEqual([
        { title: "Meld bij aanspreekpunt", verb: "report.start", data: { fromCheck: true } },
        { title: "Uitleg", verb: "advice.explain", data: { treeId: "algemeen", rule } },
        { title: "Opnieuw", verb: "check.restart", data: { treeId: "algemeen" } },
      ]);
      expect((await savedData(kv, tess))?.lastResult).toMatchObject({
        treeId: "algemeen",
        assessment: { outcome: "ESCALATE", rule },
        facts: { minor: false, form: "labour" },
        finishedAt: NOW.toISOString(),
      });
    });

    it("should refuse an older question's button at the advice without sending the advice again", async () => {
      const { chat, tess } = await toAdvice();
      const replies = await chat.click(tess, "check.answer", {
        treeId: "algemeen",
        nodeId: "situatie",
        optionIds: ["balie"],
      });
      expect(invokeBody(replies).value).toBe("");
      expect(said(replies)).toEqual([
        "Die vraag is al beantwoord en het advies staat hierboven. Typ **terug** om je laatste antwoord te wijzigen.",
      ]);
    });

    it("should leave other typed text at the advice to the knowledge base, but take 'terug'", async () => {
      const { chat, tess, asked } = await toAdvice();
      expect(said(await chat.say(tess, "hoe meld ik dit?"))).toEqual(["kennisbank: hoe meld ik dit?"]);
      expect(asked).toEqual([]);
      const back = await chat.say(tess, "terug");
      expect(cardTexts(cardsOf(back)[0])[0]).toMatch(/^Vraag \d+ van ~\d+$/);
      expect(actionsOf(back).some((a) => a.verb === "check.answer")).toBe(true);
    });

    it("should explain the advice with the knowledge topic on how the check weighs", async () => {
      const { chat, tess, advice } = await toAdvice();
      const explain = actionsOf(advice).find((a) => a.verb === "advice.explain")!;
      const replies = await chat.click(tess, "advice.explain", explain.data);
      expect(said(replies)).toEqual(["onderwerp hoe-weegt-de-signaalcheck (nl)"]);
    });

    it("should start the same check again on Opnieuw, and the general one with no check to repeat", async () => {
      const { chat, tess } = await toAdvice();
      const again = await chat.click(tess, "check.restart", { treeId: "algemeen" });
      expect(cardTexts(cardsOf(again)[0]).slice(0, 2)).toEqual([
        expect.stringMatching(/^Vraag 1 van ~\d+$/),
        FIRST_QUESTION,
      ]);
      await chat.click(tess, "check.start", { treeId: "minderjarigen" });
      expect(questions(await chat.click(tess, "check.restart", {}))).toEqual([
        "Is de jongere jonger dan 18 jaar, of lijkt het zo?",
      ]);
      const rita = personal("Rita");
      expect(questions(await chat.click(rita, "check.restart", {}))).toEqual([FIRST_QUESTION]);
    });
  });

  describe("refusals", () => {
    it("should say no check runs for every step button when none does", async () => {
      const { chat } = checkBot();
      const tess = personal("Tess");
      const steps: Array<[string, Record<string, unknown>]> = [
        ["check.answer", { treeId: "algemeen", nodeId: "situatie", optionIds: ["balie"] }],
        ["check.back", { treeId: "algemeen", nodeId: "situatie" }],
        ["check.skip", { treeId: "algemeen", nodeId: "situatie" }],
        ["check.continue", { treeId: "kcc-belscript", nodeId: "luisteren" }],
        ["check.stop", { treeId: "algemeen" }],
      ];
      for (const [verb, data] of steps) {
        const replies = await chat.click(tess, verb, data);
        expect([verb, invokeBody(replies).value, said(replies)]).toEqual([verb, "", [NO_CHECK]]);
      }
    });

    it("should refuse a payload no card could send, for every verb with data, and keep the check as it was", async () => {
      const { chat } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      await chat.say(tess, "huisbezoek");
      const bad: Array<[string, unknown]> = [
        ["check.start", { treeId: 42 }],
        ["check.restart", { treeId: "" }],
        ["check.answer", { treeId: "algemeen" }],
        [
          "check.answer",
          { nodeId: "persoon-of-adres", optionIds: Array.from({ length: 21 }, (_, i) => `o${i}`) },
        ],
        ["check.back", { nodeId: "x".repeat(201) }],
        ["check.skip", { treeId: null }],
        ["check.continue", { nodeId: 7 }],
        ["check.stop", { treeId: ["algemeen"] }],
        ["advice.explain", { rule: {} }],
      ];
      for (const [verb, data] of bad) {
        // A refused click is told in one line: at the card for an invoke, as the one message for a posted click.
        expect([verb, visibleText(await chat.click(tess, verb, data))]).toEqual([verb, INVALID_INPUT]);
      }
      expect(questions(await chat.say(tess, "persoon"))).toEqual([
        "Is de persoon jonger dan 18 jaar, of lijkt het zo?",
      ]);
    });

    it("should start over politely when the check's questions changed since it began", async () => {
      const { chat, kv } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      await chat.say(tess, "huisbezoek");
      const updated = content.trees.map((t) => (t.id === "algemeen" ? { ...t, version: t.version + 1 } : t));
      const later = checkBot({ trees: updated, kv });
      const replies = await later.chat.say(tess, "persoon");
      expect(said(replies)[0]).toBe(
        "De vragen van deze check zijn intussen aangepast. Om geen fouten te maken begin ik opnieuw.",
      );
      expect(questions(replies)).toEqual([FIRST_QUESTION]);
    });

    it("should end a check whose tree is gone, and say so", async () => {
      const { chat, kv } = checkBot();
      const tess = await welcomed(chat, personal("Tess"));
      await chat.say(tess, "check");
      const later = checkBot({ trees: content.trees.filter((t) => t.id !== "algemeen"), kv });
      const replies = await later.chat.click(tess, "check.back", { treeId: "algemeen", nodeId: "situatie" });
      expect(said(replies)).toEqual([NO_CHECK]);
      expect((await savedData(kv, tess))?.check).toBeUndefined();
    });

    it("should keep a typed check out of a channel", async () => {
      const { chat, kv } = checkBot();
      const member = inChannel(personal("Kanaallid"));
      const replies = await chat.say(member, "check");
      expect(said(replies)).toEqual([[PERSONAL_ONLY]]);
      expect((await savedData(kv, member))?.check).toBeUndefined();
    });
  });

  it("should speak English to English Teams", async () => {
    const { chat } = checkBot();
    const ann = await welcomed(chat, personal("Ann", { locale: "en-US" }));
    const first = await chat.say(ann, "check");
    expect(cardTexts(cardsOf(first)[0]).slice(0, 2)).toEqual([
      expect.stringMatching(/^Question 1 of ~\d+$/),
      "Where did you see or hear it?",
    ]);
    expect(actionsOf(first)[0]?.title).toBe("1. On a home visit");
    const answered = await chat.click(ann, "check.answer", {
      treeId: "algemeen",
      nodeId: "situatie",
      optionIds: ["huisbezoek"],
    });
    expect(cardTexts(invokeBody(answered).value)).toEqual([
      "Where did you see or hear it?",
      "✓ On a home visit",
    ]);
    expect(said(await chat.click(ann, "check.stop", {}))).toEqual([
      "The check has stopped. Type **check** to start again, or ask a question.",
    ]);
    expect(said(await chat.click(ann, "check.stop", {}))).toEqual([
      "There is no check running. Type **check** to start one.",
    ]);
    const unknown = await chat.click(ann, "check.start", { treeId: "nope" });
    expect(said(unknown)[0]).toBe("That check does not exist (any more). Pick one from the list.");
    expect(questions(unknown)).toEqual(["Which signal check do you want to do?"]);
  });

  it("should leave the clicked card alone when the click carries no option the question offers", async () => {
    const { chat } = checkBot();
    const tess = personal("Tess");
    await chat.click(tess, "check.start", { treeId: "algemeen" });
    const replies = await chat.click(tess, "check.answer", {
      treeId: "algemeen",
      nodeId: "situatie",
      optionIds: ["bestaat-niet"],
    });
    expect(said(replies)[0]).toMatch(/^Dat antwoord begreep ik niet\./);
    expect(questions(replies)).toEqual([FIRST_QUESTION]);
    expect(invokeBody(replies).value).toBe("");
  });

  it("should keep a check started by a button out of a channel, as it keeps a typed one", async () => {
    const { chat, kv } = checkBot();
    const member = inChannel(personal("Kanaallid"));
    expect(said(await chat.click(member, "check.start", { treeId: "algemeen" }))).toEqual([[PERSONAL_ONLY]]);
    expect((await savedData(kv, member))?.check).toBeUndefined();
  });
});
