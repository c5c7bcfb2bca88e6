/**
 * @module bot/features/practice
 * Practice mode: `oefenen` offers a fictional situation suited to the user's department; the user runs the normal
 * signal check against it, may ask the situation questions (follow-up facts), and ends with a score card that
 * compares what they found with the case. Practice never creates a case and never notifies anyone: it writes only
 * the conversation's practice data, the user's own progress, and anonymous counters.
 */
import { z } from "zod";
import type { DoneResult } from "../../dialogs/engine.js";
import { CheckState } from "../../dialogs/state.js";
import { textsFor } from "../../i18n/index.js";
import { monthOf, practiceCounters, type Counter } from "../../insight/counters.js";
import type { Logger } from "../../log.js";
import { addRun, matchFacts, pickCase, scorePractice } from "../../practice/practice.js";
import type { PracticeCase } from "../../practice/practice-schema.js";
import type { SignalCatalogue } from "../../signals/catalogue.js";
import {
  markPractice,
  practiceCaseCard,
  practiceListCard,
  practiceScoreCard,
} from "../cards/practice-cards.js";
import type { Feature } from "../feature.js";
import { handled, type Handled, type Reply } from "../reply.js";
import type { TurnView } from "../turn.js";
import type { PracticeHooks } from "./check.js";

/** The conversation's practice run: which case, the facts asked so far, and the check run it belongs to. */
const PracticeRun = z.object({
  caseId: z.string().max(200),
  revealed: z.array(z.string().max(200)).max(20),
  /** The `startedAt` of the practice check; any other check in the conversation is a real one. */
  checkStartedAt: z.string().max(40).optional(),
});
type PracticeRun = z.infer<typeof PracticeRun>;

/** What practice mode needs. */
export interface PracticeDeps {
  cases: readonly PracticeCase[];
  catalogue: SignalCatalogue;
  topicTitle: (topicId: string, lang: "nl" | "en") => string;
  /** Starts a check of `treeId` (the check feature's start). */
  startCheck: (turn: TurnView, treeId: string) => Promise<Handled>;
  /** Adds practice runs to the anonymous statistics; not counted when absent. */
  countPractice?: (counters: Counter[]) => Promise<void>;
  /** A number in [0, 1) for picking a case. */
  random?: () => number;
  logger: Logger;
}

/** Practice mode: its commands and verbs, and its hooks into the check. */
export function practiceFeature(deps: PracticeDeps): Feature & { hooks: PracticeHooks } {
  const log = deps.logger.child({ module: "practice" });
  const cases = new Map(deps.cases.map((c) => [c.id, c]));
  const random = deps.random ?? Math.random;

  const runOf = (data: TurnView["data"]): PracticeRun | undefined =>
    PracticeRun.safeParse(data.practice).data;
  const running = (data: TurnView["data"]) => {
    // Most turns have no practice run: the check state is only parsed when there is one.
    const run = runOf(data);
    if (!run?.checkStartedAt) return undefined;
    return CheckState.safeParse(data.check).data?.startedAt === run.checkStartedAt ? run : undefined;
  };

  /** Offers a case (the user's department first, not one done recently); ends a practice check in progress. */
  const offer = async (turn: TurnView, skip?: string): Promise<Handled> => {
    const t = textsFor(turn.lang).practice;
    const recent = [...(turn.user.practice?.recent ?? []), ...(skip ? [skip] : [])];
    const chosen = pickCase(deps.cases, turn.user.department, recent, random());
    if (!chosen) return handled([t.none]);
    const stopPractice = running(turn.data) ? { check: undefined } : {};
    return handled([practiceCaseCard(chosen, turn.lang)], {
      patch: { ...stopPractice, practice: { caseId: chosen.id, revealed: [] } },
    });
  };

  /** Shows the situation the user picked from the list. */
  const show = async (turn: TurnView, caseId: string): Promise<Handled> => {
    const c = cases.get(caseId);
    if (!c) return handled([textsFor(turn.lang).practice.unknownCase]);
    const stopPractice = running(turn.data) ? { check: undefined } : {};
    return handled([practiceCaseCard(c, turn.lang)], {
      patch: { ...stopPractice, practice: { caseId: c.id, revealed: [] } },
    });
  };

  const begin = async (turn: TurnView, caseId: string): Promise<Handled> => {
    const c = cases.get(caseId);
    if (!c) return handled([textsFor(turn.lang).practice.unknownCase], { patch: { practice: undefined } });
    const before = runOf(turn.data);
    const revealed = before?.caseId === caseId ? before.revealed : [];
    const started = await deps.startCheck(turn, c.tree);
    const state = CheckState.safeParse(started.patch?.check).data;
    if (!state) return started;
    log.info({ case: c.id, tree: c.tree }, "practice started");
    const run: PracticeRun = { caseId, revealed, checkStartedAt: state.startedAt };
    // The first question is marked here; the check marks the rest (it sees the run in the saved data).
    const replies = started.replies.map((r): Reply =>
      r.kind === "card" ? { kind: "card", card: markPractice(r.card, turn.lang) } : r,
    );
    return { ...started, replies, patch: { ...started.patch, practice: run } };
  };

  const stop = async (turn: TurnView): Promise<Handled> => {
    const t = textsFor(turn.lang).practice;
    if (!runOf(turn.data)) return handled([t.notPractising]);
    const check = running(turn.data) ? { check: undefined } : {};
    return handled([t.stopped], { patch: { ...check, practice: undefined } });
  };

  const done = async (turn: TurnView, result: DoneResult): Promise<Handled> => {
    const run = running(turn.data);
    const c = run && cases.get(run.caseId);
    if (!c)
      return handled([textsFor(turn.lang).practice.unknownCase], {
        patch: { check: undefined, practice: undefined },
      });
    const score = scorePractice(c, result.assessment.signals, result.assessment.outcome);
    const month = monthOf(turn.now.toISOString());
    const before = turn.user.practice;
    const progress = addRun(before, score, month);
    log.info(
      {
        case: c.id,
        found: score.found.length,
        missed: score.missed.length,
        wrong: score.wronglyTicked.length,
      },
      "practice done",
    );
    const counters = practiceCounters(
      turn.now.toISOString(),
      turn.user.department,
      score.missed,
      before?.month !== month,
    );
    turn.defer(async () => {
      await deps
        .countPractice?.(counters)
        .catch((error: unknown) =>
          log.warn({ err: { name: (error as Error).name } }, "practice not counted"),
        );
    });
    const scoreCard = practiceScoreCard(c, score, progress, turn.lang, deps.catalogue, (id) =>
      deps.topicTitle(id, turn.lang),
    );
    return handled([scoreCard], {
      patch: { check: undefined, practice: undefined },
      prefs: { practice: progress },
    });
  };

  const ask = (turn: TurnView, text: string): Handled => {
    const run = running(turn.data);
    const c = run && cases.get(run.caseId);
    const t = textsFor(turn.lang).practice;
    if (!run || !c) return handled([t.factUnknown]);
    const facts = matchFacts(c, text);
    if (facts.length === 0) return handled([t.factUnknown]);
    const revealed = [...new Set([...run.revealed, ...facts.map((f) => f.id)])];
    return handled(
      facts.map((f) => f.answer[turn.lang]),
      { patch: { practice: { ...run, revealed } } },
    );
  };

  return {
    name: "practice",
    commands: {
      practice: (turn) => offer(turn),
      practiceStop: stop,
    },
    actions: {
      "practice.start": (turn, data) => offer(turn, data.skip),
      "practice.begin": (turn, data) => begin(turn, data.caseId),
      "practice.list": async (turn) =>
        handled([practiceListCard(deps.cases, turn.user.department, turn.lang)]),
      "practice.show": async (turn, data) => show(turn, data.caseId),
      "practice.stop": stop,
    },
    hooks: {
      active: (data) => running(data) !== undefined,
      mark: markPractice,
      done,
      ask,
    },
  };
}
