/**
 * Practice mode through the real server: a perfect run, a run that misses every signal (the debrief names them),
 * a follow-up fact asked and revealed, and proof from the stores and the connector that practice creates no case,
 * no outbox item and no notification, while a coordinator's channel is registered and would receive any report.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Content } from "../../src/content/content.js";
import type { PracticeCase } from "../../src/practice/practice-schema.js";
import { startFakeConnector, type FakeConnector } from "../harness/fake-connector.js";
import {
  actionsOf,
  cardsOf,
  makeUser,
  startTestBot,
  visibleText,
  type TestBot,
} from "../harness/bot-server.js";
import { channelUser, setUpContactPoint } from "../harness/escalation.js";
import { planExactRoute, playMoves } from "../harness/practice.js";
import { loadRepoContent } from "../harness/routes.js";

const CASE_ID = "balie-iemand-praat-voor-haar";

describe("practice mode (end to end over HTTP)", () => {
  let content: Content;
  let practiceCase: PracticeCase;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    content = await loadRepoContent();
    practiceCase = content.practice.find((c) => c.id === CASE_ID)!;
  });
  beforeEach(async () => {
    connector = await startFakeConnector();
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50" },
      { serviceUrl: connector.url },
    );
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
  });
  afterEach(async () => {
    await bot.stop();
    await connector.close();
  });

  /** Asks for practice (a case suited to the user comes), then starts CASE_ID, as its Start button would. */
  async function begin(user = makeUser("Oefenaar")) {
    const offer = await bot.say(user, "oefenen");
    expect(visibleText(offer)).toContain("Oefening: er wordt niets gemeld");
    const offered = actionsOf(offer).find((a) => a.verb === "practice.begin")!.data.caseId;
    expect(content.practice.map((c) => c.id)).toContain(offered);
    const first = await bot.click(user, "practice.begin", { caseId: CASE_ID });
    return { user, first };
  }

  const tree = () => content.trees.find((t) => t.id === practiceCase.tree)!;

  it("should score a perfect run: every signal found, the right advice, the lesson, every card marked", async () => {
    const { user, first } = await begin();
    const moves = planExactRoute(content, tree(), practiceCase.signals, practiceCase.situation.minor);
    let replies = first;
    const cards: string[] = [];
    for (let i = 1; i <= moves.length; i++) {
      cards.push(...cardsOf(replies).map((c) => JSON.stringify(c)));
      replies = await playMoves(bot, user, tree().id, replies, moves.slice(i - 1, i));
    }
    // Every question card of the practice check carries the practice band.
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.includes("Oefening: er wordt niets gemeld"))).toBe(true);
    const score = visibleText(replies);
    expect(score).toContain(`Oefening klaar: ${practiceCase.title.nl}`);
    expect(score).toContain(
      `Signalen gevonden: ${practiceCase.signals.length} van ${practiceCase.signals.length}`,
    );
    expect(score).toContain("Je kwam op het goede advies uit.");
    expect(score).not.toContain("Gemist");
    expect(score).toContain(practiceCase.debrief.nl.slice(0, 60));
    expect(score).toContain("Je hebt 1 oefening(en) gedaan en 100% van de signalen gevonden.");
    // No advice card with a report button: practice never leads to a report.
    expect(actionsOf(replies).map((a) => a.verb)).not.toContain("report.start");
    expect(actionsOf(replies).map((a) => a.verb)).toContain("practice.start");
  });

  it("should name every missed signal with why it matters when the run finds none", async () => {
    const { user, first } = await begin();
    const moves = planExactRoute(content, tree(), [], practiceCase.situation.minor);
    const replies = await playMoves(bot, user, tree().id, first, moves);
    const score = visibleText(replies);
    expect(score).toContain(`Signalen gevonden: 0 van ${practiceCase.signals.length}`);
    expect(score).toContain("Gemist");
    for (const explanation of practiceCase.explain) {
      const label = content.catalogue.signals.find((s) => s.id === explanation.signal)!.label.nl;
      expect(score).toContain(`✗ **${label}**: ${explanation.why.nl}`);
    }
    expect(score).toContain("Je advies wijkt af.");
    // The topics of the missed signals are offered to read.
    expect(actionsOf(replies).filter((a) => a.verb === "kb.topic").length).toBeGreaterThan(0);
  });

  it("should reveal a follow-up fact when asked, say so when the situation does not tell, and go on", async () => {
    const { user } = await begin();
    const fact = practiceCase.facts.find((f) => f.id === "leeftijd")!;
    const asked = await bot.say(user, "Hoe oud is ze eigenlijk?");
    expect(visibleText(asked)).toContain(fact.answer.nl);
    expect(visibleText(asked)).toContain("We gaan verder met de check:");
    expect(visibleText(await bot.say(user, "wat is haar lievelingskleur?"))).toContain(
      "Dat weet je in deze situatie niet.",
    );
    expect(visibleText(await bot.say(user, "oefenen stop"))).toContain("Je bent gestopt met oefenen.");
    // After stopping, a new check is a real one again: no practice band.
    expect(visibleText(await bot.say(user, "check"))).not.toContain("Oefening");
  });

  it("should let a user pick a case from the list, their department's first, and show its situation", async () => {
    const user = makeUser("Leerplichtambtenaar");
    await bot.say(user, "afdeling");
    await bot.click(user, "prefs.department", { department: "leerplicht" });
    const offer = await bot.say(user, "oefenen");
    const offered = content.practice.find(
      (c) => c.id === actionsOf(offer).find((a) => a.verb === "practice.begin")!.data.caseId,
    )!;
    expect(offered.departments).toContain("leerplicht");
    const list = await bot.click(user, "practice.list", {});
    const shown = actionsOf(list)
      .filter((a) => a.verb === "practice.show")
      .map((a) => String(a.data.caseId));
    expect([...shown].sort()).toEqual(content.practice.map((c) => c.id).sort());
    const own = content.practice.filter((c) => c.departments.includes("leerplicht")).map((c) => c.id);
    expect(shown.slice(0, own.length).sort()).toEqual([...own].sort());
    const picked = await bot.click(user, "practice.show", { caseId: CASE_ID });
    expect(visibleText(picked)).toContain(practiceCase.narrative.nl.slice(0, 40));
    expect(actionsOf(picked).find((a) => a.verb === "practice.begin")?.data).toEqual({ caseId: CASE_ID });
  });

  it("should create no case, no outbox item and no notification, and count only anonymous figures", async () => {
    const { user, first } = await begin();
    const moves = planExactRoute(content, tree(), practiceCase.signals, practiceCase.situation.minor);
    await playMoves(bot, user, tree().id, first, moves);
    // A report from the practice would have gone out by now (the dispatcher runs every 50 ms).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const caseFiles = (await readdir(join(bot.dataDir, "cases")).catch(() => [] as string[])).filter((n) =>
      /^[0-9a-f-]{36}\.json$/.test(n),
    );
    // A case file holds the case with its outbox and audit: none means no case and nothing queued.
    expect(caseFiles).toEqual([]);
    // The only connector traffic is the channel registration's own reply.
    expect(connector.calls.filter((c) => !JSON.stringify(c.body).includes("geregistreerd"))).toEqual([]);
    // "melden" afterwards does not carry the practice check.
    expect(visibleText(await bot.say(user, "melden"))).not.toContain("Uitkomst van je signaalcheck");
    const insight = JSON.parse(await readFile(join(bot.dataDir, "cases", "_insight.json"), "utf8")) as {
      counters: Array<{ metric: string; key: string; n: number }>;
    };
    const metrics = insight.counters.map((c) => c.metric);
    expect(metrics).toContain("practice_runs");
    expect(metrics).not.toContain("checks");
  });
});
