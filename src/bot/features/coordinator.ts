/**
 * @module bot/features/coordinator
 * The contact point's side: registering the coordinators' channel (`registreer meldpunt`), the delivery status
 * (`meldpunt status`), and the case-card buttons (claim, ask for more, refer, close, change the advice). Each action goes through the
 * case service, which checks the role and audits; the clicked card is replaced with the updated one, and the
 * channel card is updated for everyone by the dispatcher.
 */
import type { CaseActionResult } from "../../cases/case-actions.js";
import type { CaseService } from "../../cases/case-service.js";
import type { Logger } from "../../log.js";
import type { CaseStore } from "../../storage/case-store.js";
import { card, factSet, textBlock } from "../cards/adaptive.js";
import { caseCard, fill } from "../cards/case-cards.js";
import type { Feature } from "../feature.js";
import type { ReferenceStore } from "../references.js";
import { channelReference } from "../teams-delivery.js";
import type { Turn } from "../turn.js";

const TEXTS = {
  registered: {
    nl: "Dit kanaal is nu geregistreerd als meldpunt mensenhandel. Nieuwe meldingen verschijnen hier als kaart.",
    en: "This channel is now registered as the trafficking contact point. New reports will appear here as cards.",
  },
  registerInChannel: {
    nl: "Typ **registreer meldpunt** in het kanaal van het meldpunt (na het toevoegen van de app aan het team), niet in een persoonlijke chat.",
    en: "Type **registreer meldpunt** in the contact point's channel (after adding the app to the team), not in a personal chat.",
  },
  onlyCoordinators: {
    nl: "Alleen coördinatoren van het meldpunt kunnen dit doen. Je poging is vastgelegd. Vraag het aanspreekpunt als je denkt dat dit niet klopt.",
    en: "Only the contact point's coordinators can do this. Your attempt has been recorded. Ask the contact point if you think this is wrong.",
  },
  alreadyClaimed: {
    nl: "Deze melding is al opgepakt door {name}.",
    en: "This report has already been claimed by {name}.",
  },
  closed: { nl: "Deze melding is al afgesloten.", en: "This report is already closed." },
  notFound: { nl: "Deze melding bestaat niet (meer).", en: "This report does not exist (any more)." },
  invalid: {
    nl: "Er ontbreekt iets of iets is te lang: {fields}.",
    en: "Something is missing or too long: {fields}.",
  },
  done: { nl: "Gedaan: {number} is bijgewerkt.", en: "Done: {number} has been updated." },
  statusTitle: { nl: "Status meldpunt", en: "Contact point status" },
  channel: { nl: "Kanaal geregistreerd", en: "Channel registered" },
  yes: { nl: "ja", en: "yes" },
  no: { nl: "nee, meldingen gaan naar de terugvaloptie", en: "no, reports go to the fallback" },
  open: { nl: "Open meldingen", en: "Open reports" },
  pending: { nl: "Berichten in de wachtrij", en: "Notifications queued" },
  dead: { nl: "Niet bezorgd (naar terugvaloptie)", en: "Not delivered (sent to fallback)" },
  deadItem: {
    nl: "{number}: {event} aan {target}, fout {error}",
    en: "{number}: {event} to {target}, error {error}",
  },
} as const;

const REGISTER = /^registreer meldpunt[.!]?$/i;
const STATUS = /^(meldpunt status|status meldpunt|open meldingen)[.!]?$/i;

/** What the coordinator feature needs. */
export interface CoordinatorDeps {
  cases: CaseService;
  store: CaseStore;
  references: ReferenceStore;
  notify: () => void;
  logger: Logger;
}

/** The coordinator feature. */
export function coordinatorFeature(deps: CoordinatorDeps): Feature {
  const log = deps.logger.child({ module: "coordinator" });

  /** Answers a case action: the updated card for the clicker, or a short message saying why not. */
  const answer = async (turn: Turn, result: CaseActionResult): Promise<void> => {
    const lang = turn.lang;
    switch (result.status) {
      case "ok":
        deps.notify();
        turn.invokeAnswer = { kind: "card", card: caseCard(result.case, lang) };
        if (turn.ctx.activity.type !== "invoke")
          await turn.say(fill(TEXTS.done[lang], { number: result.case.number }));
        return;
      case "already_claimed":
        return reply(turn, fill(TEXTS.alreadyClaimed[lang], { name: result.by.name }), result.case);
      case "closed":
        return reply(turn, TEXTS.closed[lang], result.case);
      case "forbidden":
        return reply(turn, TEXTS.onlyCoordinators[lang]);
      case "not_found":
        return reply(turn, TEXTS.notFound[lang]);
      case "invalid":
        return reply(
          turn,
          fill(TEXTS.invalid[lang], { fields: result.issues.map((i) => i.split(":")[0]).join(", ") }),
        );
      case "already_answered":
        return reply(turn, TEXTS.closed[lang], result.case);
    }
  };

  const reply = async (turn: Turn, text: string, current?: Parameters<typeof caseCard>[0]) => {
    turn.invokeAnswer = current
      ? { kind: "card", card: caseCard(current, turn.lang) }
      : { kind: "message", text };
    await turn.say(text);
  };

  const actor = (turn: Turn) => ({ id: turn.user.id, name: turn.user.name ?? "" });
  const str = (v: unknown) => (typeof v === "string" ? v : "");

  const status = async (turn: Turn): Promise<void> => {
    const open = await deps.cases.listOpen(actor(turn));
    if (open.status === "forbidden") {
      await turn.say(TEXTS.onlyCoordinators[turn.lang]);
      return;
    }
    const lang = turn.lang;
    const counts = await deps.store.countOutbox();
    const dead = await deps.store.listDead();
    const numbers = new Map(open.cases.map((c) => [c.id, c.number]));
    const registered = await deps.references.getContactPoint();
    await turn.say(
      card([
        textBlock(TEXTS.statusTitle[lang], "heading"),
        factSet([
          [TEXTS.channel[lang], registered ? TEXTS.yes[lang] : TEXTS.no[lang]],
          [TEXTS.open[lang], String(open.cases.length)],
          [TEXTS.pending[lang], String(counts.pending)],
          [TEXTS.dead[lang], String(counts.dead)],
        ]),
        ...dead.slice(0, 10).map((item) =>
          textBlock(
            fill(TEXTS.deadItem[lang], {
              number: numbers.get(item.caseId) ?? item.caseId.slice(0, 8),
              event: item.event,
              target: item.target.kind,
              error: item.lastError ?? "?",
            }),
            "subtle",
          ),
        ),
        ...open.cases.slice(0, 20).map((c) => textBlock(`${c.number} · ${c.outcome} · ${c.status}`)),
      ]),
    );
  };

  return {
    name: "coordinator",
    actions: {
      "case.claim": async (turn, data) => answer(turn, await deps.cases.claim(str(data.caseId), actor(turn))),
      "case.ask": async (turn, data) =>
        answer(turn, await deps.cases.askMore(str(data.caseId), actor(turn), str(data.question))),
      "case.refer": async (turn, data) =>
        answer(turn, await deps.cases.refer(str(data.caseId), actor(turn), str(data.to), str(data.note))),
      "case.close": async (turn, data) =>
        answer(turn, await deps.cases.close(str(data.caseId), actor(turn), str(data.reason))),
      "case.override": async (turn, data) =>
        answer(
          turn,
          await deps.cases.overrideOutcome(
            str(data.caseId),
            actor(turn),
            str(data.outcome),
            str(data.reason),
          ),
        ),
    },
    onText: async (turn, text) => {
      if (REGISTER.test(text)) {
        if (!turn.user.isCoordinator) {
          log.warn({ actorId: turn.user.id }, "channel registration refused");
          await turn.say(TEXTS.onlyCoordinators[turn.lang]);
          return true;
        }
        if (turn.isPersonal) {
          await turn.say(TEXTS.registerInChannel[turn.lang]);
          return true;
        }
        await deps.references.saveContactPoint(channelReference(turn.ctx.activity), turn.user.id, turn.now);
        log.info({ actorId: turn.user.id }, "contact point channel registered");
        await turn.say(TEXTS.registered[turn.lang]);
        deps.notify();
        return true;
      }
      if (STATUS.test(text)) {
        await status(turn);
        return true;
      }
      return false;
    },
  };
}
