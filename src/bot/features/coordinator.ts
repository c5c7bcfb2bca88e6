/**
 * @module bot/features/coordinator
 * The contact point's side: registering the coordinators' channel (`registreer meldpunt`), the delivery status
 * (`meldpunt status`), and the case-card buttons (claim, ask for more, refer, close, change the advice). Each action goes through the
 * case service, which checks the role, audits and tells the notifier; the clicked card is replaced with the
 * updated one, rendered exactly as the dispatcher renders the channel card for everyone (in the channel's
 * language, whoever clicks), so the two can arrive in either order.
 */
import { effectiveOutcome } from "../../cases/case-schema.js";
import type { SignalCatalogue } from "../../signals/catalogue.js";
import { fill, textsFor, type Lang } from "../../i18n/index.js";
import type { CaseActionResult } from "../../cases/case-actions.js";
import type { Playbook } from "../../cases/playbook-schema.js";
import type { CaseService } from "../../cases/case-service.js";
import type { Logger } from "../../log.js";
import type { CaseStore } from "../../storage/case-store.js";
import { card, textBlock } from "../cards/adaptive.js";
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
  /** The follow-up playbooks, for the step titles on the card and the names in a refusal. */
  playbooks?: readonly Playbook[];
  /** Whether an e-mail or webhook fallback is set (the status says where reports go when Teams fails). */
  hasFallback?: boolean;
  logger: Logger;
}

/** The distinct fields named by the service's issues ("path: message"), in the reader's words. */
function fieldNames(issues: readonly string[], labels: Readonly<Record<string, string>>): string {
  const fields = [...new Set(issues.map((i) => i.split(":")[0] ?? ""))];
  return fields.map((f) => labels[f] ?? f).join(", ");
}

/** A waiting time in whole minutes, hours or days, e.g. "5 uur" / "5 hours". */
function duration(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const [n, unit] =
    minutes < 60
      ? [minutes, lang === "nl" ? "min" : "min"]
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), lang === "nl" ? "uur" : minutes < 90 ? "hour" : "hours"]
        : [Math.round(minutes / 1440), lang === "nl" ? "dagen" : "days"];
  return `${n} ${unit}`;
}

/** The coordinator feature. */
export function coordinatorFeature(deps: CoordinatorDeps): Feature {
  const log = deps.logger.child({ module: "coordinator" });
  // With the other reports about the case's place, as the dispatcher renders the channel card.
  const cardOf = async (c: Parameters<typeof caseCard>[0]) =>
    caseCard(c, deps.channelLang, {
      catalogue: deps.catalogue,
      links: await deps.cases.placeLinks(c),
      playbooks: deps.playbooks,
    });

  /** The titles of a case's steps `ids` in `lang`, for the refusal that lists the open steps. */
  const stepTitles = (c: Parameters<typeof caseCard>[0], ids: readonly string[], lang: Lang) => {
    const playbook = deps.playbooks?.find((p) => p.id === c.playbook?.id);
    return ids.map((id) => playbook?.steps.find((s) => s.id === id)?.title[lang] ?? id).join("; ");
  };

  /** Answers a case action: the updated card in place, or a notice saying why not (with the current card). */
  const answer = async (turn: TurnView, result: CaseActionResult): Promise<Handled> => {
    const t = textsFor(turn.lang).coordinator;
    switch (result.status) {
      case "ok":
        return handled([], {
          update: await cardOf(result.case),
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
      case "steps_open":
        return refused(
          fill(textsFor(turn.lang).playbook.stepsOpen, {
            steps: stepTitles(result.case, result.open, turn.lang),
          }),
          result.case,
        );
      case "no_step":
        return refused(textsFor(turn.lang).playbook.noStep, result.case);
      case "step_full":
        return refused(textsFor(turn.lang).playbook.stepFull, result.case);
    }
  };

  /** A refusal: the reason in the chat, and the clicked card brought up to date when there is one. */
  const refused = async (text: string, current?: Parameters<typeof caseCard>[0]): Promise<Handled> =>
    handled([text], current ? { update: await cardOf(current) } : {});

  const actor = (turn: TurnView) => ({ id: turn.user.id, name: turn.user.name ?? "" });

  /** `meldpunt status`, written for a coordinator: reports still waiting first, then open ones, then failures. */
  const status = async (turn: TurnView): Promise<Handled> => {
    const open = await deps.cases.listOpen(actor(turn));
    const lang = turn.lang;
    const all = textsFor(lang);
    const t = all.coordinator;
    if (open.status === "forbidden") return handled([t.onlyCoordinators]);
    const [counts, dead, registered] = await Promise.all([
      deps.store.countOutbox(),
      deps.store.listDead(),
      deps.references.getContactPoint(),
    ]);
    const numbers = new Map(open.cases.map((c) => [c.id, c.number]));
    const now = turn.now.getTime();
    const when = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
      timeZone: "Europe/Amsterdam",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    // A case whose channel card was never posted has reached no coordinator yet (no channel, or Teams failing).
    const waiting = open.cases.filter((c) => !c.card);
    const reason = (error = "") =>
      error === "no_target" || error === "conversation_not_found"
        ? t.reasons[error]
        : error.startsWith("unauthorized")
          ? t.reasons.unauthorized
          : t.reasons.other;
    const stateOf = (c: (typeof open.cases)[number]) =>
      c.status === "new"
        ? fill(t.state.new, { waited: duration(now - Date.parse(c.createdAt), lang) })
        : c.status === "claimed"
          ? fill(t.state.claimed, { name: c.claimedBy?.name ?? "?" })
          : t.state[c.status];
    const section = (title: string) => ({ ...textBlock(title), weight: "Bolder" as const });
    return handled([
      card([
        textBlock(t.statusTitle, "heading"),
        textBlock(registered ? t.channelYes : t.channelNo),
        textBlock(deps.hasFallback ? t.fallbackYes : t.fallbackNo, "subtle"),
        ...(waiting.length > 0
          ? [
              section(t.waitingTitle),
              textBlock(
                waiting
                  .map(
                    (c) =>
                      `- ${fill(registered ? t.notPosted : t.waitingItem, { number: c.number, when: when.format(new Date(c.createdAt)) })}`,
                  )
                  .join("\n"),
              ),
            ]
          : []),
        section(fill(t.openTitle, { count: String(open.cases.length) })),
        textBlock(
          open.cases.length === 0
            ? t.noneOpen
            : [
                ...open.cases.slice(0, 20).map(
                  (c) =>
                    `- ${fill(t.openItem, {
                      number: c.number,
                      outcome: all.caseLabels.outcome[effectiveOutcome(c)],
                      status: stateOf(c),
                    })}`,
                ),
                ...(open.cases.length > 20
                  ? [fill(t.moreOpen, { count: String(open.cases.length - 20) })]
                  : []),
              ].join("\n"),
        ),
        ...(dead.length > 0
          ? [
              section(fill(t.deadTitle, { count: String(counts.dead) })),
              textBlock(
                dead
                  .slice(0, 10)
                  .map(
                    (item) =>
                      `- ${fill(t.deadItem, {
                        number: numbers.get(item.caseId) ?? "?",
                        event: t.events[item.event],
                        target: t.targets[item.target.kind],
                        reason: reason(item.lastError),
                      })}`,
                  )
                  .join("\n"),
              ),
            ]
          : []),
        ...(counts.pending > 0
          ? [textBlock(fill(t.queued, { count: String(counts.pending) }), "subtle")]
          : []),
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
        answer(
          turn,
          await deps.cases.refer(data.caseId, actor(turn), data.referTo, data.referNote, {
            withReporter: data.referWithReporter === "true",
          }),
        ),
      "case.close": async (turn, data) =>
        answer(
          turn,
          await deps.cases.close(data.caseId, actor(turn), data.closeReason, {
            override: data.closeOverride === "true",
          }),
        ),
      "case.step": async (turn, data) =>
        answer(
          turn,
          await deps.cases.updateStep(data.caseId, actor(turn), data.stepId, {
            kind: data.stepChange,
            text: data.stepText,
          }),
        ),
      "case.playbook": async (turn, data) =>
        answer(turn, await deps.cases.switchPlaybook(data.caseId, actor(turn), data.playbookId)),
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
