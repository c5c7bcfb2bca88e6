/**
 * @module bot/features/coordinator
 * The contact point's side: registering the coordinators' channel (`registreer meldpunt`), the delivery status
 * (`meldpunt status`), and the case-card buttons (claim, ask for more, refer, close, change the advice). Each action goes through the
 * case service, which checks the role, audits and tells the notifier; the clicked card is replaced with the
 * updated one, rendered exactly as the dispatcher renders the channel card for everyone (in the channel's
 * language, whoever clicks), so the two can arrive in either order.
 */
import type { CaseActionResult } from "../../cases/case-actions.js";
import type { CaseService } from "../../cases/case-service.js";
import type { Logger } from "../../log.js";
import type { CaseStore } from "../../storage/case-store.js";
import { card, factSet, textBlock } from "../cards/adaptive.js";
import { caseCard, fill } from "../cards/case-cards.js";
import type { Feature } from "../feature.js";
import type { ReferenceStore } from "../references.js";
import { handled, type Handled } from "../reply.js";
import { channelReference } from "../teams-delivery.js";
import type { Lang } from "../texts.js";
import type { TurnView } from "../turn.js";

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
  done: { nl: "{number} is bijgewerkt.", en: "{number} has been updated." },
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

/** What the coordinator feature needs. */
export interface CoordinatorDeps {
  cases: CaseService;
  store: CaseStore;
  references: ReferenceStore;
  /** Asks the dispatcher to deliver soon (after the channel is registered, waiting notices can go). */
  notify: () => void;
  /** The language of the channel's case cards: the municipality's default, the same for every coordinator. */
  channelLang: Lang;
  logger: Logger;
}

/** The coordinator feature. */
export function coordinatorFeature(deps: CoordinatorDeps): Feature {
  const log = deps.logger.child({ module: "coordinator" });
  const cardOf = (c: Parameters<typeof caseCard>[0]) => caseCard(c, deps.channelLang);

  /** Answers a case action: the updated card in place, or a notice saying why not (with the current card). */
  const answer = (turn: TurnView, result: CaseActionResult): Handled => {
    const lang = turn.lang;
    switch (result.status) {
      case "ok":
        return handled([], {
          update: cardOf(result.case),
          notice: fill(TEXTS.done[lang], { number: result.case.number }),
        });
      case "already_claimed":
        return refused(fill(TEXTS.alreadyClaimed[lang], { name: result.by.name }), result.case);
      case "closed":
      case "already_answered":
        return refused(TEXTS.closed[lang], result.case);
      case "forbidden":
        return refused(TEXTS.onlyCoordinators[lang]);
      case "not_found":
        return refused(TEXTS.notFound[lang]);
      case "invalid":
        return refused(
          fill(TEXTS.invalid[lang], { fields: result.issues.map((i) => i.split(":")[0]).join(", ") }),
        );
    }
  };

  /** A refusal: the reason in the chat, and the clicked card brought up to date when there is one. */
  const refused = (text: string, current?: Parameters<typeof caseCard>[0]): Handled =>
    handled([text], current ? { update: cardOf(current) } : {});

  const actor = (turn: TurnView) => ({ id: turn.user.id, name: turn.user.name ?? "" });

  const status = async (turn: TurnView): Promise<Handled> => {
    const open = await deps.cases.listOpen(actor(turn));
    if (open.status === "forbidden") return handled([TEXTS.onlyCoordinators[turn.lang]]);
    const lang = turn.lang;
    const counts = await deps.store.countOutbox();
    const dead = await deps.store.listDead();
    const numbers = new Map(open.cases.map((c) => [c.id, c.number]));
    const registered = await deps.references.getContactPoint();
    return handled([
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
    ]);
  };

  const register = async (turn: TurnView): Promise<Handled> => {
    if (!turn.user.isCoordinator) {
      log.warn({ actorId: turn.user.id }, "channel registration refused");
      return handled([TEXTS.onlyCoordinators[turn.lang]]);
    }
    if (turn.personal) return handled([TEXTS.registerInChannel[turn.lang]]);
    await deps.references.saveContactPoint(channelReference(turn.activity), turn.user.id, turn.now);
    log.info({ actorId: turn.user.id }, "contact point channel registered");
    deps.notify();
    return handled([TEXTS.registered[turn.lang]]);
  };

  return {
    name: "coordinator",
    commands: { register, status },
    actions: {
      "case.claim": async (turn, data) => answer(turn, await deps.cases.claim(data.caseId, actor(turn))),
      "case.ask": async (turn, data) =>
        answer(turn, await deps.cases.askMore(data.caseId, actor(turn), data.caseQuestion)),
      "case.refer": async (turn, data) =>
        answer(turn, await deps.cases.refer(data.caseId, actor(turn), data.referTo, data.referNote)),
      "case.close": async (turn, data) =>
        answer(turn, await deps.cases.close(data.caseId, actor(turn), data.closeReason)),
      "case.override": async (turn, data) =>
        answer(
          turn,
          await deps.cases.overrideOutcome(
            data.caseId,
            actor(turn),
            data.overrideOutcome,
            data.overrideReason,
          ),
        ),
    },
  };
}
