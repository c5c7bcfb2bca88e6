import { coordinatorFeature } from "../../../src/bot/features/coordinator.js";
import { ReferenceStore } from "../../../src/bot/references.js";
import type { CaseRecord } from "../../../src/cases/case-schema.js";
import { assessment, draft, reporterIdentity, serviceFixture } from "../../fixtures/cases/service.js";
import { cardsOf, invokeBody, visibleText, type BotActivity } from "../../harness/replies.js";
import { cardTexts, cardActions } from "../../helpers/cards.js";
import {
  CHANNEL_ID,
  featureBot,
  inChannel,
  INVALID_INPUT,
  memoryKeyValueStore,
  messagesOf,
  NOW,
  personal,
  recordingLogger,
  said,
} from "./setup.js";

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

const ONLY_COORDINATORS =
  "Alleen coördinatoren van het meldpunt kunnen dit doen. Je poging is vastgelegd. Vraag het aanspreekpunt als je denkt dat dit niet klopt.";
const NOT_FOUND = "Deze melding bestaat niet (meer).";

/** The fixture's coordinators (coord-1 and coord-2) and someone who is not one. */
const coby = personal("Coby", { id: "coord-1" });
const cas = personal("Cas", { id: "coord-2", locale: "en-GB" });
const xander = personal("Xander", { id: "user-x" });

let f: Fixture;
let record: CaseRecord;
beforeEach(async () => {
  f = await serviceFixture("2026-03-02T09:00:00.000Z");
  const submitted = await f.service.submitReport(draft, assessment, reporterIdentity, "req-1");
  if (submitted.status !== "created") throw new Error(submitted.status);
  record = submitted.case;
});
afterEach(() => f.cleanup());

function coordinatorBot() {
  const kv = memoryKeyValueStore();
  const references = new ReferenceStore(kv);
  const { logger, entries } = recordingLogger();
  const notified: number[] = [];
  const feature = coordinatorFeature({
    cases: f.service,
    store: f.store,
    references,
    notify: () => void notified.push(1),
    channelLang: "nl",
    logger,
  });
  const made = featureBot({
    features: [feature],
    kv,
    references,
    coordinators: [coby.id, cas.id],
    logger,
    clock: () => f.clock.now(),
  });
  return { ...made, entries, notified };
}

/** The case card a click was answered with, as its texts. */
const updatedCard = (replies: BotActivity[]) => {
  const body = invokeBody(replies);
  expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
  return cardTexts(body.value);
};
const caseVerbs = (replies: BotActivity[]) => cardActions(invokeBody(replies).value).map((a) => a.verb);
const auditOf = async (caseId: string) =>
  (await f.store.listAudit(caseId)).map((a) => [a.action, a.actor.id, a.allowed, a.detail.result]);

describe("coordinator feature", () => {
  describe("registreer meldpunt", () => {
    it("should register the channel a coordinator types it in, and have waiting notices delivered", async () => {
      const { chat, references, notified } = coordinatorBot();
      const replies = await chat.say(inChannel(coby), "registreer meldpunt");
      expect(said(replies)).toEqual([
        "Dit kanaal is nu geregistreerd als meldpunt mensenhandel. Nieuwe meldingen verschijnen hier als kaart.",
      ]);
      const registered = await references.getContactPoint();
      expect(registered).toMatchObject({ registeredBy: coby.id, updatedAt: NOW.toISOString() });
      // The channel itself, not the thread the command was typed in.
      expect(registered?.reference.conversation?.id).toBe(CHANNEL_ID);
      expect(registered?.reference.activityId).toBeUndefined();
      expect(notified).toHaveLength(1);
      expect(visibleText(await chat.say(coby, "meldpunt status"))).toContain(
        "Nieuwe meldingen komen als kaart in het kanaal van het meldpunt.",
      );
    });

    it("should refuse someone who is not a coordinator, and log only their id", async () => {
      const { chat, references, notified, entries } = coordinatorBot();
      expect(said(await chat.say(inChannel(xander), "registreer meldpunt"))).toEqual([ONLY_COORDINATORS]);
      expect(await references.getContactPoint()).toBeUndefined();
      expect(notified).toEqual([]);
      expect(entries.find((e) => e.msg === "channel registration refused")?.actorId).toBe(xander.id);
      expect(JSON.stringify(entries)).not.toContain("Xander");
    });

    it("should point a coordinator who types it in the personal chat to the channel", async () => {
      const { chat, references } = coordinatorBot();
      await chat.install(coby);
      expect(said(await chat.say(coby, "registreer meldpunt"))).toEqual([
        "Typ **registreer meldpunt** in het kanaal van het meldpunt (na het toevoegen van de app aan het team), niet in een persoonlijke chat.",
      ]);
      expect(await references.getContactPoint()).toBeUndefined();
      expect(said(await chat.say(inChannel(cas), "register contact point"))).toEqual([
        "This channel is now registered as the trafficking contact point. New reports will appear here as cards.",
      ]);
    });
  });

  describe("meldpunt status", () => {
    it("should show the channel, the queue, what could not be delivered and the open cases", async () => {
      const { chat } = coordinatorBot();
      const [channelItem] = (await f.store.claimDue(f.clock.now(), 10, 60_000)).filter(
        (i) => i.target.kind === "channel",
      );
      await f.store.markFailed(channelItem!.id, "connector_500", f.clock.now(), true);
      await chat.install(coby);
      const replies = await chat.say(coby, "meldpunt status");
      const counts = await f.store.countOutbox();
      // Written for a coordinator: the report that reached nobody first, words instead of internal codes.
      expect(cardTexts(cardsOf(replies)[0])).toEqual([
        "Status meldpunt",
        "Er is nog geen kanaal geregistreerd. Typ **registreer meldpunt** in het kanaal van het meldpunt, anders komen meldingen nergens aan.",
        "Er is geen terugvaloptie (e-mail of webhook) ingesteld.",
        "Nog niet bij een coördinator",
        "- MH-2026-0001 (gemeld 2 mrt, 10:00): wacht tot er een kanaal is.",
        "Open meldingen (1)",
        "- MH-2026-0001 · Melden (vandaag) · nog niet opgepakt, wacht 0 min",
        "Niet bezorgd (1)",
        "- MH-2026-0001: de nieuwe melding aan het kanaal. Teams was niet bereikbaar of gaf een fout.",
        `Berichten die nog verstuurd worden: ${counts.pending}.`,
      ]);
      expect(visibleText(replies)).not.toMatch(/case\.created|channel|connector_500|ESCALATE|\bnew\b/);
      const english = visibleText(await chat.say(cas, "open reports"));
      expect(english).toContain("Contact point status");
      expect(english).toContain("No channel is registered yet.");
      expect(english).toContain(
        "- MH-2026-0001: the new report to the channel. Teams could not be reached or returned an error.",
      );
    });

    it("should refuse the list to someone who is not a coordinator, and audit the attempt", async () => {
      const { chat } = coordinatorBot();
      await chat.install(xander);
      expect(said(await chat.say(xander, "meldpunt status"))).toEqual([ONLY_COORDINATORS]);
      expect(await auditOf("*")).toEqual([["case.list", xander.id, false, "forbidden"]]);
    });
  });

  describe("case actions", () => {
    it("should let a coordinator claim a case in the channel and replace the card with the updated one", async () => {
      const { chat } = coordinatorBot();
      const replies = await chat.click(inChannel(coby), "case.claim", { caseId: record.id });
      expect(messagesOf(replies)).toEqual([]);
      const shown = updatedCard(replies);
      expect(shown[0]).toBe("MH-2026-0001");
      expect(shown).toContain("Opgepakt door Coby.");
      expect(caseVerbs(replies)).toEqual(["case.ask", "case.refer", "case.close", "case.override"]);
      expect((await f.store.getCase(record.id))?.claimedBy).toEqual({ id: coby.id, name: "Coby" });
      expect(visibleText(await chat.say(coby, "meldpunt status"))).toContain(
        "MH-2026-0001 · Melden (vandaag) · opgepakt door Coby",
      );
    });

    it("should tell a second claimer who has the case, with the card brought up to date", async () => {
      const { chat } = coordinatorBot();
      await chat.click(inChannel(coby), "case.claim", { caseId: record.id });
      const replies = await chat.click(inChannel(cas), "case.claim", { caseId: record.id });
      // The reason in the clicker's language, the card in the channel's.
      expect(said(replies)).toEqual(["This report has already been claimed by Coby."]);
      expect(updatedCard(replies)).toContain("Opgepakt door Coby.");
    });

    it("should refuse every case action to someone who is not a coordinator, change nothing and audit it", async () => {
      const { chat } = coordinatorBot();
      const member = inChannel(xander);
      const clicks: Array<[string, Record<string, unknown>]> = [
        ["case.claim", {}],
        ["case.ask", { question: "Hoe gaat het?" }],
        ["case.refer", { to: "politie", note: "" }],
        ["case.close", { reason: "Klaar" }],
        ["case.override", { outcome: "MONITOR", reason: "Lijkt mee te vallen" }],
      ];
      for (const [verb, data] of clicks) {
        const replies = await chat.click(member, verb, { caseId: record.id, ...data });
        expect([verb, said(replies), invokeBody(replies).value]).toEqual([verb, [ONLY_COORDINATORS], ""]);
      }
      expect(await f.store.getCase(record.id)).toEqual(record);
      expect((await auditOf(record.id)).slice(1)).toEqual(
        ["case.claim", "case.ask", "case.refer", "case.close", "case.override"].map((a) => [
          a,
          xander.id,
          false,
          "forbidden",
        ]),
      );
    });

    it("should say a case does not exist, for an unknown id and for one that is no id at all", async () => {
      const { chat } = coordinatorBot();
      for (const caseId of ["00000000-0000-4000-8000-000000000000", "MH-2026-0001"]) {
        const replies = await chat.click(coby, "case.claim", { caseId });
        expect(said(replies)).toEqual([NOT_FOUND]);
        expect(invokeBody(replies).value).toBe("");
      }
    });

    it("should ask the reporter a question and show it on the card", async () => {
      const { chat } = coordinatorBot();
      const replies = await chat.click(inChannel(coby), "case.ask", {
        caseId: record.id,
        question: "Welke straat?",
      });
      const shown = updatedCard(replies);
      expect(shown).toContain("Vragen aan de melder");
      expect(shown).toContain("Vraag van Coby (2 mrt 2026, 10:00): Welke straat?");
      expect(shown).toContain("Nog geen antwoord.");
      expect((await f.store.getCase(record.id))?.questions.map((q) => q.text)).toEqual(["Welke straat?"]);
    });

    it("should refer a case with a note", async () => {
      const { chat } = coordinatorBot();
      const replies = await chat.click(inChannel(coby), "case.refer", {
        caseId: record.id,
        to: "politie",
        note: "Via de wijkagent",
      });
      const shown = updatedCard(replies);
      expect(shown).toContain("Doorverwezen naar Politie door Coby.");
      expect(shown).toContain("Politie: Notitie: Via de wijkagent");
      expect((await f.store.getCase(record.id))?.status).toBe("referred");
    });

    it("should close a case, leave no buttons on it, and refuse later actions on it", async () => {
      const { chat } = coordinatorBot();
      const closed = await chat.click(inChannel(coby), "case.close", {
        caseId: record.id,
        reason: "Afgehandeld",
      });
      expect(updatedCard(closed)).toContain("Afgesloten door Coby. Reden: Afgehandeld");
      expect(caseVerbs(closed)).toEqual([]);
      const late = await chat.click(inChannel(coby), "case.claim", { caseId: record.id });
      expect(said(late)).toEqual(["Deze melding is al afgesloten."]);
      expect(updatedCard(late)).toContain("Afgesloten door Coby. Reden: Afgehandeld");
      expect(visibleText(await chat.say(coby, "meldpunt status"))).toContain("Er zijn geen open meldingen.");
    });

    it("should change the advice with a reason, kept on the card", async () => {
      const { chat } = coordinatorBot();
      const replies = await chat.click(inChannel(coby), "case.override", {
        caseId: record.id,
        outcome: "CONSULT",
        reason: "Eerst overleggen met de wijkagent",
      });
      const shown = updatedCard(replies);
      expect(shown).toContain("**Advies:** Overleggen (binnen twee werkdagen)");
      expect(shown).toContain(
        "Advies aangepast door Coby: Overleggen (binnen twee werkdagen). Reden: Eerst overleggen met de wijkagent",
      );
      expect((await f.store.getCase(record.id))?.outcomeOverride?.outcome).toBe("CONSULT");
    });

    it("should refuse input the service cannot take, and leave the case as it was", async () => {
      const { chat } = coordinatorBot();
      const clicks: Array<[string, Record<string, unknown>]> = [
        ["case.ask", { question: "   " }],
        ["case.refer", { to: "fbi", note: "" }],
        ["case.close", { reason: "" }],
        ["case.override", { outcome: "HOOG", reason: "Omdat" }],
      ];
      for (const [verb, data] of clicks) {
        const replies = await chat.click(inChannel(coby), verb, { caseId: record.id, ...data });
        expect(said(replies)).toEqual([expect.stringMatching(/^Er ontbreekt iets of iets is te lang: /)]);
        expect(invokeBody(replies).value).toBe("");
      }
      expect(await f.store.getCase(record.id)).toEqual(record);
    });

    it("should answer a click that came as a message (older clients) with the short notice", async () => {
      const { chat } = coordinatorBot();
      const nl = await chat.send(inChannel(coby), {
        type: "message",
        value: { verb: "case.claim", caseId: record.id },
      });
      expect(said(nl)).toEqual(["MH-2026-0001 is bijgewerkt."]);
      const en = await chat.send(inChannel(cas), {
        type: "message",
        value: { verb: "case.close", caseId: record.id, reason: "Done" },
      });
      expect(said(en)).toEqual(["MH-2026-0001 has been updated."]);
    });
  });

  it("should refuse a payload no card could send, for every case verb, before the service sees it", async () => {
    const { chat } = coordinatorBot();
    const bad: Array<[string, unknown]> = [
      ["case.claim", {}],
      ["case.ask", { caseId: record.id, question: "x".repeat(4001) }],
      ["case.refer", { caseId: 7, to: "politie" }],
      ["case.close", { caseId: "", reason: "Klaar" }],
      ["case.override", { caseId: "x".repeat(201), outcome: "CONSULT", reason: "Omdat" }],
    ];
    for (const [verb, data] of bad) {
      const replies = await chat.click(inChannel(coby), verb, data);
      expect([verb, invokeBody(replies).value, messagesOf(replies)]).toEqual([verb, INVALID_INPUT, []]);
    }
    expect(await auditOf(record.id)).toEqual([["case.create", reporterIdentity.userId, true, undefined]]);
  });

  it("should name the field that is missing or too long, not an internal placeholder", async () => {
    const { chat } = coordinatorBot();
    const replies = await chat.click(inChannel(coby), "case.close", { caseId: record.id, reason: "" });
    expect(said(replies)).toEqual(["Er ontbreekt iets of iets is te lang: reden van afsluiten."]);
  });

  it("should refuse to change the advice to 'no check done', which the card does not offer", async () => {
    const { chat } = coordinatorBot();
    const replies = await chat.click(inChannel(coby), "case.override", {
      caseId: record.id,
      outcome: "NONE",
      reason: "Omdat het kan",
    });
    expect(said(replies)).toEqual(["Er ontbreekt iets of iets is te lang: advies."]);
    expect((await f.store.getCase(record.id))?.outcomeOverride).toBeUndefined();
  });
});
