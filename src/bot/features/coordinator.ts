/**
 * @module bot/features/coordinator
 * The contact point's side: registering the coordinators' channel (`registreer meldpunt`), the delivery status
 * (`meldpunt status`), and the case-card buttons (claim, ask for more, refer, close, change the advice). Each action goes through the
 * case service, which checks the role, audits and tells the notifier; the clicked card is replaced with the
 * updated one, rendered exactly as the dispatcher renders the channel card for everyone (in the channel's
 * language, whoever clicks), so the two can arrive in either order.
 */
import type { SignalCatalogue } from "../../signals/catalogue.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import type { CaseActionResult } from "../../cases/case-actions.js";
import type { CaseService } from "../../cases/case-service.js";
import type { Logger } from "../../log.js";
import type { CaseStore } from "../../storage/case-store.js";
import { card, factSet, textBlock } from "../cards/adaptive.js";
import { caseCard } from "../cards/case-cards.js";
import type { Feature } from "../feature.js";
import type { ReferenceStore } from "../references.js";
import { handled, type Handled } from "../reply.js";
import { channelReference } from "../teams-delivery.js";
import type { TurnView } from "../turn.js";

/** What the coordinator feature needs. */
export interface CoordinatorDeps {
  cases: CaseService;
  store: CaseStore;
  references: ReferenceStore;
  /** Asks the dispatcher to deliver soon (after the channel is registered, waiting notices can go). */
  notify: () => void;
  /** The language of the channel's case cards: the municipality's default, the same for every coordinator. */
  channelLang: Lang;
  /** Labels and weights of the signals the case card lists. */
  catalogue?: SignalCatalogue;
  logger: Logger;
}

/** The distinct fields named by the service's issues ("path: message"), in the reader's words. */
function fieldNames(issues: readonly string[], labels: Readonly<Record<string, string>>): string {
  const fields = [...new Set(issues.map((i) => i.split(":")[0] ?? ""))];
  return fields.map((f) => labels[f] ?? f).join(", ");
}

/** The coordinator feature. */
export function coordinatorFeature(deps: CoordinatorDeps): Feature {
  const log = deps.logger.child({ module: "coordinator" });
  const cardOf = (c: Parameters<typeof caseCard>[0]) => caseCard(c, deps.channelLang, deps.catalogue);

  /** Answers a case action: the updated card in place, or a notice saying why not (with the current card). */
  const answer = (turn: TurnView, result: CaseActionResult): Handled => {
    const t = textsFor(turn.lang).coordinator;
    switch (result.status) {
      case "ok":
        return handled([], {
          update: cardOf(result.case),
          notice: fill(t.done, { number: result.case.number }),
        });
      case "already_claimed":
        return refused(fill(t.alreadyClaimed, { name: result.by.name }), result.case);
      case "closed":
      case "already_answered":
        return refused(t.closed, result.case);
      case "forbidden":
        return refused(t.onlyCoordinators);
      case "not_found":
        return refused(t.notFound);
      case "invalid":
        return refused(fill(t.invalid, { fields: fieldNames(result.issues, t.fields) }));
    }
  };

  /** A refusal: the reason in the chat, and the clicked card brought up to date when there is one. */
  const refused = (text: string, current?: Parameters<typeof caseCard>[0]): Handled =>
    handled([text], current ? { update: cardOf(current) } : {});

  const actor = (turn: TurnView) => ({ id: turn.user.id, name: turn.user.name ?? "" });

  const status = async (turn: TurnView): Promise<Handled> => {
    const open = await deps.cases.listOpen(actor(turn));
    const t = textsFor(turn.lang).coordinator;
    if (open.status === "forbidden") return handled([t.onlyCoordinators]);
    const counts = await deps.store.countOutbox();
    const dead = await deps.store.listDead();
    const numbers = new Map(open.cases.map((c) => [c.id, c.number]));
    const registered = await deps.references.getContactPoint();
    return handled([
      card([
        textBlock(t.statusTitle, "heading"),
        factSet([
          [t.channel, registered ? t.yes : t.no],
          [t.open, String(open.cases.length)],
          [t.pending, String(counts.pending)],
          [t.dead, String(counts.dead)],
        ]),
        ...dead.slice(0, 10).map((item) =>
          textBlock(
            fill(t.deadItem, {
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
    const t = textsFor(turn.lang).coordinator;
    if (!turn.user.isCoordinator) {
      log.warn({ actorId: turn.user.id }, "channel registration refused");
      return handled([t.onlyCoordinators]);
    }
    if (turn.personal) return handled([t.registerInChannel]);
    await deps.references.saveContactPoint(channelReference(turn.activity), turn.user.id, turn.now);
    log.info({ actorId: turn.user.id }, "contact point channel registered");
    deps.notify();
    return handled([t.registered]);
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
