/**
 * Every card the bot can send, built from the real dialogs/ and knowledge/ content, in Dutch and English: for the
 * checks that hold for all cards (contrast, required inputs, button titles). A new card builder belongs here.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { acuteCard } from "../../src/bot/cards/acute-card.js";
import type { AdaptiveCard } from "../../src/bot/cards/adaptive.js";
import { caseCard, myReportsCard } from "../../src/bot/cards/case-cards.js";
import {
  adviceCard,
  answeredQuestionCard,
  checkMenuCard,
  infoCard,
  questionCard,
} from "../../src/bot/cards/check-cards.js";
import { answerCard, declineCard, suggestCard } from "../../src/bot/cards/knowledge-cards.js";
import {
  answerQuestionCard,
  reportFormCard,
  reportReceivedCard,
  reportSummaryCard,
} from "../../src/bot/cards/report-cards.js";
import {
  departmentCard,
  helpCard,
  personalOnlyCard,
  welcomeCard,
} from "../../src/bot/cards/welcome-cards.js";
import { practiceCaseCard, practiceListCard, practiceScoreCard } from "../../src/bot/cards/practice-cards.js";
import { loadPracticeCases, PRACTICE_DIR } from "../../src/practice/load.js";
import { scorePractice } from "../../src/practice/practice.js";
import type { PracticeCase } from "../../src/practice/practice-schema.js";
import type { Lang } from "../../src/i18n/index.js";
import type { SignalCatalogue } from "../../src/signals/catalogue.js";
import type { CaseRecord, Outcome } from "../../src/cases/case-schema.js";
import { step, type DoneResult, type SignalContent } from "../../src/dialogs/engine.js";
import { loadDialogTrees } from "../../src/dialogs/load.js";
import { offeredOptions } from "../../src/dialogs/match.js";
import { isQuestion, type DialogTree, type Text } from "../../src/dialogs/tree-schema.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { loadSignalContent } from "../../src/signals/load.js";
import { newCase } from "../fixtures/cases/build.js";

/** A built card and what it is, for failure messages. */
export interface NamedCard {
  name: string;
  card: AdaptiveCard;
}

const now = new Date("2026-01-05T10:00:00.000Z");
const coord = { id: "coord-1", name: "Coby" };
const settings = {
  contactPointName: "Team Zorg en Veiligheid",
  contactPointPhone: "14 000",
  contactPointEmail: "aanspreekpunt@example.org",
};

/** A finished check per outcome: the typed answers that lead there (as in test/bot/cards/check-cards.test.ts). */
const ADVICE_PATHS: Record<Exclude<Outcome, "NONE">, readonly [string, readonly string[]]> = {
  ACUTE: ["kcc-belscript", ["verder", "3", "verder"]],
  ESCALATE: ["algemeen", ["huisbezoek", "persoon", "nee", "werk", "geen", "4", "geen", "geen"]],
  CONSULT: ["minderjarigen", ["ja", "geen", "4", "geen", "geen", "geen"]],
  MONITOR: ["minderjarigen", ["nee", "geen", "4", "geen", "geen"]],
};

function finish(tree: DialogTree, typed: readonly string[], signals: SignalContent): DoneResult {
  let result = step(tree, undefined, { type: "start" }, now, signals);
  for (const text of typed)
    result = step(tree, "state" in result ? result.state : undefined, { type: "text", text }, now, signals);
  if (result.status !== "done") throw new Error(`check ${tree.id} did not finish: ${result.status}`);
  return result;
}

function checkCards(
  trees: readonly DialogTree[],
  signals: SignalContent,
  topicTitles: ReadonlyMap<string, Text>,
  lang: Lang,
): NamedCard[] {
  const cards: NamedCard[] = [{ name: "check menu", card: checkMenuCard(trees, lang) }];
  for (const tree of trees) {
    for (const node of tree.nodes) {
      const ids = { treeId: tree.id, nodeId: node.id, topics: [], canGoBack: true };
      if (isQuestion(node)) {
        const options = offeredOptions(node);
        const view = { ...ids, kind: node.kind, text: node.text, help: node.help, options };
        const progress = { answered: 1, estimatedRemaining: 3 };
        cards.push({ name: `question ${tree.id}/${node.id}`, card: questionCard(view, progress, lang) });
        const current = [options[0]?.id ?? ""];
        cards.push({
          name: `question ${tree.id}/${node.id} answered`,
          card: questionCard({ ...view, current }, progress, lang),
        });
        cards.push({
          name: `question ${tree.id}/${node.id} clicked`,
          card: answeredQuestionCard(node.text[lang], options[0]?.label[lang] ?? ""),
        });
      } else if (node.kind === "info") {
        cards.push({
          name: `info ${tree.id}/${node.id}`,
          card: infoCard({ ...ids, text: node.text, help: node.help }, lang),
        });
      }
    }
  }
  const byId = new Map(trees.map((t) => [t.id, t]));
  for (const [outcome, [treeId, typed]] of Object.entries(ADVICE_PATHS)) {
    const result = finish(byId.get(treeId) as DialogTree, typed, signals);
    if (result.assessment.outcome !== outcome)
      throw new Error(`advice path for ${outcome} gives ${result.assessment.outcome}`);
    cards.push({ name: `advice ${outcome}`, card: adviceCard(result, settings, lang, topicTitles) });
  }
  return cards;
}

function caseCards(lang: Lang): NamedCard[] {
  const base: CaseRecord = { ...newCase(), number: "MH-2026-0042" };
  const question = {
    id: "8d5e1f2a-1111-4222-8333-444455556666",
    text: "Hoeveel mensen?",
    askedBy: coord,
    askedAt: "2026-03-02T10:00:00.000Z",
  };
  const claimed: CaseRecord = {
    ...base,
    status: "claimed",
    claimedBy: coord,
    questions: [{ ...question, answer: "Acht.", answeredAt: "2026-03-02T11:00:00.000Z" }, question],
  };
  const referred: CaseRecord = {
    ...claimed,
    status: "referred",
    referrals: [{ to: "arbeidsinspectie", note: "via formulier", by: coord, at: "2026-03-03T09:00:00.000Z" }],
    outcomeOverride: { outcome: "CONSULT", reason: "bekend", by: coord, at: "2026-03-03T09:00:00.000Z" },
  };
  const closed: CaseRecord = {
    ...referred,
    status: "closed",
    closed: { reason: "Overgedragen", by: coord, at: "2026-03-04T09:00:00.000Z" },
  };
  const withPlaybook: CaseRecord = {
    ...referred,
    playbook: {
      id: "arbeidsuitbuiting-volwassene",
      attachedAt: "2026-03-02T10:00:00.000Z",
      attachedBy: coord,
      steps: [
        {
          id: "politie",
          partner: "politie",
          state: "done",
          by: coord,
          at: "2026-03-03T09:00:00.000Z",
          referral: true,
          notes: [],
        },
        { id: "zorg", partner: "zorgcoordinator", state: "skipped", reason: "Al betrokken", notes: [] },
        {
          id: "vastleggen",
          state: "open",
          notes: [{ text: "Gesprek gepland", by: coord, at: "2026-03-03T09:00:00.000Z" }],
        },
      ],
    },
  };
  const outcomes: Outcome[] = ["ACUTE", "ESCALATE", "CONSULT", "MONITOR", "NONE"];
  const summary = { outcome: "ESCALATE" as const, reasons: ["Twee sterke signalen."] };
  const draft = {
    description: "Acht mannen in een schuur.",
    place: "Industrieweg",
    seenAt: "maandag",
    department: "handhaving" as const,
    contact: "via Teams",
  };
  return [
    ...outcomes.map((outcome) => ({ name: `case ${outcome}`, card: caseCard({ ...base, outcome }, lang) })),
    { name: "case urgent", card: caseCard({ ...base, urgent: true }, lang) },
    { name: "case claimed", card: caseCard(claimed, lang) },
    { name: "case referred", card: caseCard(referred, lang) },
    { name: "case closed", card: caseCard(closed, lang) },
    { name: "case with playbook", card: caseCard(withPlaybook, lang) },
    { name: "my reports", card: myReportsCard([base, claimed, referred, closed], lang) },
    { name: "my reports empty", card: myReportsCard([], lang) },
    { name: "report form", card: reportFormCard({}, summary, lang) },
    { name: "report form prefilled", card: reportFormCard(draft, undefined, lang) },
    { name: "report summary", card: reportSummaryCard(draft, summary, lang, "req-1") },
    { name: "report received", card: reportReceivedCard(base, lang) },
    { name: "report received urgent", card: reportReceivedCard({ ...base, urgent: true }, lang) },
    { name: "answer question", card: answerQuestionCard(base, question, lang) },
  ];
}

/** Every card in both languages, named "<lang> <card>". */
/** Each practice case's situation card, and per case a score card with found, missed and wrongly ticked signals. */
function practiceCards(cases: readonly PracticeCase[], catalogue: SignalCatalogue, lang: Lang): NamedCard[] {
  const progress = { runs: 3, found: 5, present: 9, recent: [] };
  return [
    { name: "practice list", card: practiceListCard(cases, "wmo", lang) },
    ...cases.flatMap((c) => [
      { name: `practice ${c.id}`, card: practiceCaseCard(c, lang) },
      {
        name: `practice score ${c.id}`,
        card: practiceScoreCard(
          c,
          scorePractice(c, [...c.signals.slice(1), "excessive_hours"], "MONITOR"),
          progress,
          lang,
          catalogue,
          (id) => id,
        ),
      },
    ]),
  ];
}

export async function buildAllCards(): Promise<NamedCard[]> {
  const signals = await loadSignalContent("dialogs");
  const topicIds = new Set(readdirSync(join("knowledge", "topics")).map((f) => f.replace(/\.md$/, "")));
  const trees = await loadDialogTrees(join("dialogs", "trees"), signals.catalogue, topicIds);
  const kb = await loadKnowledgeBase("knowledge");
  const topicTitles = new Map(kb.topics.map((t) => [t.id, t.title]));
  const practice = await loadPracticeCases(join("dialogs", PRACTICE_DIR), { ...signals, trees, topicIds });
  const cards: NamedCard[] = [];
  for (const lang of ["nl", "en"] as const) {
    const topicCards: NamedCard[] = kb.topics.map((topic, i) => ({
      name: `answer ${topic.id}`,
      card: answerCard(topic, kb.settings, lang, kb.topics.slice(i + 1, i + 4)),
    }));
    for (let i = 0; i < kb.topics.length; i += 3)
      topicCards.push({ name: `suggest ${i / 3 + 1}`, card: suggestCard(kb.topics.slice(i, i + 3), lang) });
    cards.push(
      ...[
        { name: "welcome", card: welcomeCard(lang) },
        { name: "help", card: helpCard(lang, false) },
        { name: "help coordinator", card: helpCard(lang, true) },
        { name: "acute", card: acuteCard(settings) },
        { name: "personal only", card: personalOnlyCard(lang, "https://teams.microsoft.com/l/chat/0/0") },
        ...checkCards(trees, signals, topicTitles, lang),
        ...topicCards,
        { name: "decline", card: declineCard(kb.settings, lang) },
        ...caseCards(lang),
        { name: "department", card: departmentCard(lang, "wmo") },
        ...practiceCards(practice, signals.catalogue, lang),
      ].map((c) => ({ ...c, name: `${lang} ${c.name}` })),
    );
  }
  return cards;
}
