/**
 * The local web chat in a real browser against the real app in development mode: typing `check`, a signal check
 * played by clicking the card buttons (numbered answers, a multiple choice with its checkboxes) to the advice,
 * the report form filled and sent to a receipt with a case number, and the status message the bot sends on its
 * own when a coordinator claims the case. Nothing serious for axe; the page's CSP is never violated. Screenshots
 * go to test-output; `SCREENSHOTS=docs` writes the README's (docs/screenshots/chat.png).
 */
import { readFile } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import type { Content } from "../../src/content/content.js";
import { step, type StepResult } from "../../src/dialogs/engine.js";
import type { DialogTree } from "../../src/dialogs/tree-schema.js";
import { fill, textsFor } from "../../src/i18n/index.js";
import { launchBrowser, screenshotPath } from "../helpers/browser.js";
import { botClient, makeUser, startTestBot, type TestBot, type TestUser } from "../harness/bot-server.js";
import { openChatEvents } from "../harness/chat-events.js";
import { CHANNEL, registrationActivity } from "../harness/escalation.js";
import { loadRepoContent } from "../harness/routes.js";

const nl = textsFor("nl");

/** One click of a route: the option numbers (1-based) to pick, and the question shown before it. */
interface Click {
  question: string;
  kind: "single" | "multi" | "continue";
  numbers: number[];
}

/** The fewest clicks through `tree` that end in the advice `outcome` (breadth first over the pure engine). */
function routeTo(content: Content, tree: DialogTree, outcome: string): Click[] {
  const now = new Date("2026-11-28T10:00:00Z");
  const signals = { catalogue: content.catalogue, policy: content.policy };
  let frontier: Array<{ result: StepResult; clicks: Click[] }> = [
    { result: step(tree, undefined, { type: "start" }, now, signals), clicks: [] },
  ];
  for (let depth = 0; depth < 12 && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { result, clicks } of frontier) {
      if (result.status === "done") {
        if (result.assessment.outcome === outcome) return clicks;
        continue;
      }
      if (result.status === "info") {
        const click: Click = { question: result.view.text.nl, kind: "continue", numbers: [] };
        next.push({
          result: step(tree, result.state, { type: "continue" }, now, signals),
          clicks: [...clicks, click],
        });
        continue;
      }
      if (result.status !== "question") continue;
      const { view } = result;
      const choices = view.options.map((o, i) => ({ ids: [o.id], numbers: [i + 1] }));
      if (view.kind === "multi") choices.push({ ids: [], numbers: [] });
      for (const choice of choices) {
        const click: Click = {
          question: view.text.nl,
          kind: view.kind === "multi" ? "multi" : "single",
          numbers: choice.numbers,
        };
        const answer = { type: "answer" as const, nodeId: view.nodeId, optionIds: choice.ids };
        next.push({ result: step(tree, result.state, answer, now, signals), clicks: [...clicks, click] });
      }
    }
    frontier = next;
  }
  throw new Error(`no route to ${outcome} in ${tree.id}`);
}

/** The card that shows `text` (the newest, when several do). */
const cardWith = (page: Page, text: string): Locator =>
  page.locator(".msg.bot .card", { hasText: text }).last();

/** Plays one click on the card that asks `click.question`. */
async function play(page: Page, click: Click): Promise<void> {
  const card = cardWith(page, click.question);
  if (click.kind === "continue") {
    await card.getByRole("button", { name: nl.checkCard.continue, exact: true }).click();
  } else if (click.kind === "multi") {
    for (const n of click.numbers)
      await card.getByRole("checkbox", { name: new RegExp(`^${n}\\. `) }).check();
    await card.getByRole("button", { name: nl.checkCard.submitMulti, exact: true }).click();
  } else {
    await card.getByRole("button", { name: new RegExp(`^(✓ )?${click.numbers[0]}(\\. |$)`) }).click();
  }
  // The click is answered when the card is no longer busy (its answer replaced it, or the reply came).
  await page.locator(".card[aria-busy]").waitFor({ state: "detached" });
}

/** What axe reports as serious or critical on the page now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP (rightly) refuses an injected script tag.
  await page.evaluate(await readFile("node_modules/axe-core/axe.min.js", "utf8"));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations as Array<{ id: string; impact: string | null; nodes: unknown[] }>;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}) on ${v.nodes.length} element(s)`);
}

describe("local web chat in a browser", () => {
  let bot: TestBot;
  let browser: Browser;
  let content: Content;
  const coordinator: TestUser = makeUser("Carla Coördinator", {
    id: "coord-1",
    conversationId: "conv-coord-1",
  });

  beforeAll(async () => {
    [bot, browser, content] = await Promise.all([
      startTestBot({ COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50" }),
      launchBrowser(),
      loadRepoContent(),
    ]);
    // The script is bundled on its first request: start that while the channel is registered.
    const warm = fetch(`${bot.url}/chat/app.js`).then((res) => res.text());
    // The contact point's channel talks through the same connector emulation, so its case card lands there too.
    const registered = await bot.post(registrationActivity(`${bot.url}/chat/connector`, coordinator));
    expect(JSON.stringify(registered.body)).toContain("geregistreerd als meldpunt");
    await warm;
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it("should check a signal by clicking, send the report form and show the coordinator's claim as it happens", async () => {
    const page = await browser.newPage({
      locale: "nl-NL",
      // The bot writes times in Dutch time; the page shows its own in the browser's zone.
      timezoneId: "Europe/Amsterdam",
      viewport: { width: 900, height: 1000 },
    });
    page.setDefaultTimeout(8000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" || /Content Security Policy/.test(message.text()))
        problems.push(message.text());
    });
    await page.goto(`${bot.url}/chat`);
    await page.getByText("Ontwikkelmodus: lokale chat, niet voor echte meldingen").waitFor();
    // A new browser is a new user: the bot greets them as when the app is installed.
    await cardWith(page, "Welkom bij Signaalwijzer").waitFor();
    const input = page.getByLabel("Bericht aan Signaalwijzer");
    await input.fill("check");
    await input.press("Enter");
    await page.locator(".msg.mine", { hasText: "check" }).waitFor();

    const tree = content.trees.find((t) => t.id === "algemeen")!;
    const clicks = routeTo(content, tree, "ESCALATE");
    expect(clicks.some((c) => c.kind === "multi")).toBe(true);
    for (const click of clicks) await play(page, click);
    const advice = cardWith(page, nl.checkCard.report);
    await advice.waitFor();
    await page.screenshot({ path: await screenshotPath("chat-advice.png") });

    await advice.getByRole("button", { name: nl.checkCard.report, exact: true }).click();
    const form = cardWith(page, nl.reportCard.formTitle);
    await form.getByLabel(nl.reportCard.description).fill("Zes mannen slapen in de loods naast de kas.");
    await form.getByLabel(nl.reportCard.place).fill("Wijk Noord");
    await form.getByLabel(nl.reportCard.seenAt).fill("maandag ochtend");
    await form.getByLabel(nl.reportCard.department).selectOption("handhaving");
    await form.getByLabel(nl.reportCard.contact).fill("via Teams");
    await page.screenshot({ path: await screenshotPath("chat-form.png") });
    await form.getByRole("button", { name: nl.reportCard.review, exact: true }).click();
    const summary = cardWith(page, nl.reportCard.summaryTitle);
    await summary.getByText("Wijk Noord").waitFor();

    const channel = await openChatEvents(bot.url, CHANNEL);
    await summary.getByRole("button", { name: nl.reportCard.send, exact: true }).click();
    const receipt = cardWith(page, "Melding ontvangen: MH-");
    await receipt.waitFor();
    const number = /MH-\d{4}-\d{4}/.exec(await receipt.innerText())?.[0];
    expect(number).toBeDefined();

    // The case card reaches the channel; a coordinator claims it there, and the reporter hears of it unasked.
    const posted = await channel.waitFor(
      (e) => e.event === "activity" && JSON.stringify(e.data).includes(number!),
    );
    channel.close();
    const caseId = /"verb":"case\.claim","data":\{"caseId":"([0-9a-f-]+)"/.exec(
      JSON.stringify(posted.data),
    )?.[1];
    expect(caseId).toBeDefined();
    const coordinatorChat = botClient(bot.url, `${bot.url}/chat/connector`);
    await coordinatorChat.click(coordinator, "case.claim", { caseId });
    const status = page.locator('.msg.bot[data-proactive="true"]', {
      hasText: fill(nl.caseCard.reporterClaimed, { number: number!, by: coordinator.name }),
    });
    await status.waitFor();
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: await screenshotPath("chat.png", "docs") });

    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
