/**
 * Transcript tests of the signal checks through the real HTTP server: every tree's shortest and longest route,
 * typed answers, going back and changing an answer, a question in the middle, a restart of the server, the 112
 * interruption and a check for a minor. Routes are planned with the pure engine, then played over HTTP.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../src/config.js";
import type { Content } from "../../src/content/content.js";
import { step, type StepResult } from "../../src/dialogs/engine.js";
import { questionSpan } from "../../src/dialogs/graph.js";
import type { Counter } from "../../src/insight/counters.js";
import type { DialogTree, QuestionNode } from "../../src/dialogs/tree-schema.js";
import {
  adviceRule,
  loadRepoContent,
  planRoute as planRoute_,
  playRoute,
  questionNodeIds,
  type Move,
} from "../harness/routes.js";
import {
  actionsOf,
  makeUser,
  startTestBot,
  visibleText,
  type BotActivity,
  type TestBot,
  type TestUser,
} from "../harness/bot-server.js";

let content: Content;
const planRoute = (tree: DialogTree, goal: "shortest" | "longest") => planRoute_(content, tree, goal);
const play = (user: TestUser, treeId: string, moves: Move[]) => playRoute(bot, user, treeId, moves);
let bot: TestBot;
const now = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  content = await loadRepoContent();
  bot = await startTestBot();
});
afterAll(() => bot.stop());

describe("signal check transcripts", () => {
  it("should have content with the required trees", () => {
    expect(content.trees.map((t) => t.id).sort()).toEqual(
      [
        "algemeen",
        "alleen-locatie",
        "arbeidsuitbuiting",
        "criminele-uitbuiting",
        "kcc-belscript",
        "minderjarigen",
        "seksuele-uitbuiting",
      ].sort(),
    );
  });

  for (const treeId of [
    "algemeen",
    "alleen-locatie",
    "arbeidsuitbuiting",
    "criminele-uitbuiting",
    "kcc-belscript",
    "minderjarigen",
    "seksuele-uitbuiting",
  ]) {
    for (const goal of ["shortest", "longest"] as const) {
      it(`should walk the ${goal} route of ${treeId} to the advice the engine gives`, async () => {
        const tree = content.trees.find((t) => t.id === treeId)!;
        const { moves, end } = planRoute(tree, goal);
        expect(end.status).toBe("done");
        const questions = moves.filter((m) => m.kind === "answer").length;
        const span = questionSpan(tree, tree.entry);
        expect(questions).toBeLessThanOrEqual(10);
        expect(questions).toBeGreaterThanOrEqual(span.shortest);
        expect(questions).toBeLessThanOrEqual(span.longest);
        const replies = await play(makeUser(), treeId, moves);
        expect(adviceRule(replies)).toBe(end.status === "done" ? end.assessment.rule : "none");
        expect(visibleText(replies)).toMatch(/advies over een signaal|geen conclusie/i);
      });
    }
  }

  it("should accept typed answers: a number and a label with a typo", async () => {
    const user = makeUser();
    const first = await bot.say(user, "check");
    expect(questionNodeIds(first)).toContain("situatie");
    const second = await bot.say(user, "1");
    expect(questionNodeIds(second)).toContain("persoon-of-adres");
    const third = await bot.say(user, "een persn");
    expect(questionNodeIds(third).length).toBeGreaterThan(0);
    expect(questionNodeIds(third)).not.toContain("persoon-of-adres");
    expect(visibleText(third)).not.toMatch(/begreep ik niet|Bedoelde je/);
  });

  it("should go back with 'terug' after the advice, take a changed answer and change the advice", async () => {
    const signals = { catalogue: content.catalogue, policy: content.policy };
    // Find, in any module, a last question where another answer gives another outcome.
    let found:
      | { treeId: string; prefix: Move[]; nodeId: string; first: string[]; second: string[]; rules: string[] }
      | undefined;
    for (const tree of content.trees) {
      const { moves } = planRoute(tree, "longest");
      const last = moves.at(-1);
      if (!last || last.kind !== "answer") continue;
      let result: StepResult = step(tree, undefined, { type: "start" }, now, signals);
      for (const m of moves.slice(0, -1)) {
        if (result.status !== "question" && result.status !== "info") break;
        const input =
          m.kind === "answer"
            ? { type: "answer" as const, nodeId: m.nodeId, optionIds: m.optionIds }
            : { type: "continue" as const };
        result = step(tree, result.state, input, now, signals);
      }
      if (result.status !== "question") continue;
      const at = result;
      const ruleOf = (optionIds: string[]) => {
        const r = step(tree, at.state, { type: "answer", nodeId: last.nodeId, optionIds }, now, signals);
        return r.status === "done" ? r.assessment.rule : undefined;
      };
      const options = [...at.view.options.map((o) => [o.id]), ...(at.view.kind === "multi" ? [[]] : [])];
      for (const a of options) {
        for (const b of options) {
          const [ra, rb] = [ruleOf(a), ruleOf(b)];
          if (!found && ra && rb && ra.split(".")[0] !== rb.split(".")[0]) {
            found = {
              treeId: tree.id,
              prefix: moves.slice(0, -1),
              nodeId: last.nodeId,
              first: a,
              second: b,
              rules: [ra, rb],
            };
          }
        }
      }
      if (found) break;
    }
    expect(found).toBeDefined();
    const f = found!;
    const user = makeUser();
    await play(user, f.treeId, f.prefix);
    // The anonymous statistics count this run once, with the advice it ends on (see insight/counters).
    const checks = async () => {
      const file = await readFile(join(bot.dataDir, "cases", "_insight.json"), "utf8").catch(() => "{}");
      const counters = (JSON.parse(file) as { counters?: Counter[] }).counters ?? [];
      const n = (rule: string) =>
        counters
          // The user never chose a department: their checks count under "unknown".
          .filter((c) => c.metric === "checks" && c.key === `${rule.split(".")[0]}|${f.treeId}|unknown`)
          .reduce((sum, c) => sum + c.n, 0);
      return [n(f.rules[0]!), n(f.rules[1]!)];
    };
    const [first0, second0] = await checks();
    const advice1 = await bot.click(user, "check.answer", {
      treeId: f.treeId,
      nodeId: f.nodeId,
      optionIds: f.first,
    });
    expect(adviceRule(advice1)).toBe(f.rules[0]);
    expect(await checks()).toEqual([first0! + 1, second0]);
    const back = await bot.say(user, "terug");
    expect(questionNodeIds(back)).toContain(f.nodeId);
    const advice2 = await bot.click(user, "check.answer", {
      treeId: f.treeId,
      nodeId: f.nodeId,
      optionIds: f.second,
    });
    expect(adviceRule(advice2)).toBe(f.rules[1]);
    expect(f.rules[1]!.split(".")[0]).not.toBe(f.rules[0]!.split(".")[0]);
    expect(await checks()).toEqual([first0, second0! + 1]);
  });

  it("should go back one question mid-check with 'terug' and show the earlier question again", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    await bot.say(user, "1");
    const back = await bot.say(user, "terug");
    expect(questionNodeIds(back)).toContain("situatie");
    const forward = await bot.say(user, "2");
    expect(questionNodeIds(forward)).toContain("persoon-of-adres");
  });

  it("should start over with 'opnieuw' and end with 'stop'", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    await bot.say(user, "1");
    const again = await bot.say(user, "opnieuw");
    expect(questionNodeIds(again)).toContain("situatie");
    expect(visibleText(again)).toMatch(/Vraag 1 van/);
    const stopped = await bot.say(user, "stop");
    expect(visibleText(stopped)).toMatch(/check is gestopt/);
    expect(questionNodeIds(stopped)).toEqual([]);
    // After stopping, typed text is a question again, not an answer.
    expect(visibleText(await bot.say(user, "1"))).not.toMatch(/Vraag \d+ van/);
  });

  it("should answer a question typed mid-check and then ask the same question again", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    const replies = await bot.say(user, "wat zijn signalen van een loverboy?");
    const text = visibleText(replies);
    expect(text).toMatch(/loverboy/i);
    expect(text).toContain("We gaan verder met de check");
    expect(questionNodeIds(replies)).toContain("situatie");
  });

  it("should treat a situation typed mid-check as a question, not as an answer it did not understand", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    const replies = await bot.say(user, "de medewerkers van een nagelsalon slapen achter in de zaak");
    const text = visibleText(replies);
    expect(text).not.toMatch(/begreep ik niet/);
    expect(text).toContain("We gaan verder met de check");
    expect(questionNodeIds(replies)).toContain("situatie");
  });

  it("should keep the place in a check across a server restart", async () => {
    const own = await startTestBot();
    const user = makeUser();
    await own.say(user, "check");
    await own.say(user, "1");
    const dataDir = own.dataDir;
    await own.stop({ keepData: true });
    const restarted = await startTestBot({}, { dataDir });
    try {
      const replies = await restarted.say(user, "1");
      const ids = questionNodeIds(replies);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain("situatie");
      expect(ids).not.toContain("persoon-of-adres");
    } finally {
      await restarted.stop();
    }
  });

  it("should restart politely when the tree changed since the user started", async () => {
    const dialogsDir = await mkdtemp(join(tmpdir(), "sw-dialogs-"));
    await cp(join(repoRoot, "dialogs"), dialogsDir, { recursive: true });
    const own = await startTestBot({ DIALOGS_DIR: dialogsDir });
    const user = makeUser();
    await own.say(user, "check");
    await own.say(user, "1");
    const dataDir = own.dataDir;
    await own.stop({ keepData: true });
    const file = join(dialogsDir, "trees", "algemeen.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(
        /^version: (\d+)$/m,
        (_m, v: string) => `version: ${Number(v) + 1}`,
      ),
    );
    const restarted = await startTestBot({ DIALOGS_DIR: dialogsDir }, { dataDir });
    try {
      const replies = await restarted.say(user, "1");
      expect(visibleText(replies)).toMatch(/intussen aangepast/);
      expect(questionNodeIds(replies)).toContain("situatie");
    } finally {
      await restarted.stop();
      await rm(dialogsDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("should show the 112 card first when danger is typed mid-check, then continue the check", async () => {
    const user = makeUser();
    await bot.say(user, "check");
    const replies = await bot.say(user, "hij slaat haar nu en ze kan niet weg");
    const texts = replies.map((r) => visibleText([r]));
    expect(texts[0]).toMatch(/Bel 112/);
    expect(texts[0]).toMatch(/Call 112/);
    expect(questionNodeIds(replies)).toContain("situatie");
  });

  it("should never give a minor with signals less than CONSULT", async () => {
    const tree = content.trees.find((t) => t.id === "minderjarigen")!;
    const user = makeUser();
    // Walk the minors module answering "yes, under 18" and the weakest single signal everywhere else.
    let replies = await bot.click(user, "check.start", { treeId: tree.id });
    for (let i = 0; i < 12; i++) {
      const answer = actionsOf(replies).find((a) => a.verb === "check.answer");
      if (!answer) break;
      const nodeId = String(answer.data.nodeId);
      const node = tree.nodes.find((n) => n.id === nodeId)!;
      let optionIds: string[];
      if (node.kind === "yesno") optionIds = /18/.test(node.text.nl) ? ["ja"] : ["nee"];
      else {
        const weakest = (node as { options: Array<{ id: string; signals: string[] }> }).options.find(
          (o) =>
            o.signals.length === 1 &&
            content.catalogue.signals.find((s) => s.id === o.signals[0])?.strength === "weak",
        );
        optionIds = weakest ? [weakest.id] : [];
      }
      replies = await bot.click(user, "check.answer", { treeId: tree.id, nodeId, optionIds });
    }
    const rule = adviceRule(replies);
    expect(rule).toBeDefined();
    expect(rule!.split(".")[0]).toMatch(/^(ACUTE|ESCALATE|CONSULT)$/);
  });

  /** Clicks through a tree: `choose` picks the answer to each question node; info texts are continued. */
  async function clickThrough(
    user: TestUser,
    treeId: string,
    choose: (node: QuestionNode) => string[],
  ): Promise<{ all: BotActivity[]; last: BotActivity[] }> {
    const tree = content.trees.find((t) => t.id === treeId)!;
    let replies = await bot.click(user, "check.start", { treeId });
    const all = [...replies];
    for (let i = 0; i < 15; i++) {
      const action = actionsOf(replies).find((a) => a.verb === "check.answer" || a.verb === "check.continue");
      if (!action) break;
      const nodeId = String(action.data.nodeId);
      if (action.verb === "check.continue")
        replies = await bot.click(user, "check.continue", { treeId, nodeId });
      else {
        const node = tree.nodes.find((n) => n.id === nodeId) as QuestionNode;
        replies = await bot.click(user, "check.answer", { treeId, nodeId, optionIds: choose(node) });
      }
      all.push(...replies);
    }
    return { all, last: replies };
  }

  it("should give at least the minor outcome when the age is 'weet ik niet' and the signals are weak", async () => {
    const answers: Record<string, string[]> = {
      situatie: ["school"],
      "persoon-of-adres": ["persoon"],
      minderjarig: ["weet-niet"],
      "wat-gezien": ["jongere"],
      "minderjarigen/leeftijd": ["weet-niet"],
      "minderjarigen/contacten": ["geld-spullen"],
      "minderjarigen/gedrag": ["spijbelen"],
    };
    const { last } = await clickThrough(makeUser(), "algemeen", (node) => answers[node.id] ?? []);
    // As an adult, two weak signals are MONITOR; as a minor they are CONSULT.d, and doubt takes the stronger.
    expect(adviceRule(last)).toBe("CONSULT.d");
    expect(visibleText(last)).toMatch(/leeftijd is niet zeker/);
    expect(visibleText(last)).toMatch(/Veilig Thuis/);
  });

  it.each([
    "algemeen",
    "arbeidsuitbuiting",
    "seksuele-uitbuiting",
    "criminele-uitbuiting",
    "minderjarigen",
    "alleen-locatie",
    "kcc-belscript",
  ])("should give the 112 card and ACUTE in %s when a minor is being exploited right now", async (treeId) => {
    const firstOption: Record<string, string> = {
      situatie: "huisbezoek",
      "wat-gezien": "anders",
      "over-wie": "persoon",
    };
    const { all, last } = await clickThrough(makeUser(), treeId, (node) => {
      if ("danger" in node && node.danger) return ["minderjarige-nu"];
      if (node.kind === "yesno") return ["ja"];
      if (node.kind === "single") return [firstOption[node.id] ?? node.options[0]!.id];
      return [];
    });
    const texts = all.map((r) => visibleText([r]));
    expect(texts.some((t) => /Bel 112/.test(t) && /Call 112/.test(t))).toBe(true);
    expect(adviceRule(last)).toBe("ACUTE");
  });

  it("should reach ESCALATE in the call script for an adult whose passport is held by someone else", async () => {
    const answers: Record<string, string[]> = {
      "over-wie": ["persoon"],
      minderjarig: ["nee"],
      "wat-dwang": ["geen-eigen-id"],
    };
    const { all, last } = await clickThrough(makeUser(), "kcc-belscript", (node) => answers[node.id] ?? []);
    expect(adviceRule(last)).toBe("ESCALATE.c");
    // No 112 card (Dutch and English in one message): nothing acute was chosen.
    expect(all.some((r) => /Bel 112/.test(visibleText([r])) && /Call 112/.test(visibleText([r])))).toBe(
      false,
    );
  });

  it("should tell the call-centre employee to call 112 themselves when the caller cannot or dares not", async () => {
    const { all } = await clickThrough(makeUser(), "kcc-belscript", (node) =>
      node.id === "gevaar-nu" ? ["opgesloten"] : [],
    );
    expect(visibleText(all)).toMatch(
      /Kan of durft de beller dat niet\? Vraag dan alleen nog waar het is en bel zelf 112/,
    );
  });
});
