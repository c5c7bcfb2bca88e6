/**
 * The coordinators' tab in a real browser against the real app in development mode (the first coordinator is the
 * local identity): cases are made through the bot as reporters make them, the tab lists and claims one and the
 * channel card follows; a direct report's playbook is worked through (a step ticked, one skipped with a reason,
 * closing refused with the open steps listed and then done with the override) and a referral's summary opened,
 * copied and printed alone; the insight view shows exactly the counts of the cases made (with "< 5" for small
 * cells); axe finds nothing serious in the light, dark and high-contrast themes. Screenshots for the README go to
 * docs/screenshots, the others to test-output.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { InsightTable } from "../../src/insight/report.js";
import { addMonths, insightReport, monthRange } from "../../src/insight/report.js";
import { monthOf, type Counter } from "../../src/insight/counters.js";
import { launchBrowser, screenshotPath } from "../helpers/browser.js";
import { startFakeConnector, type FakeConnector } from "../harness/fake-connector.js";
import { makeUser, startTestBot, type TestBot, type TestUser } from "../harness/bot-server.js";
import {
  CHANNEL,
  cardText,
  channelUser,
  reportFromAdvice,
  reviewAndSubmit,
  setUpContactPoint,
} from "../harness/escalation.js";

/** The development identity: `main.ts` makes the first of COORDINATORS the tab's local user. */
const DEV_NAME = "Lokale ontwikkelaar";
const MIN_CELL = 5;
const THEMES = ["default", "dark", "contrast"] as const;

interface CaseDetailJson {
  id: string;
  number: string;
  outcome: string;
  forms: string[];
  signals: Array<{ id: string }>;
  playbook?: {
    id: string;
    title?: { nl: string };
    steps: Array<{
      id: string;
      state: string;
      title?: { nl: string };
      partner?: { name: string; route: string };
    }>;
  };
}

/** The case detail as the API answers it (development mode: no token needed). */
async function caseJson(url: string, id: string): Promise<CaseDetailJson> {
  return ((await (await fetch(`${url}/api/tab/cases/${id}`)).json()) as { case: CaseDetailJson }).case;
}

/** A direct report ("melden", no check) from `department`. */
async function reportDirectly(bot: TestBot, reporter: TestUser, department: string): Promise<void> {
  await bot.say(reporter, "melden");
  await reviewAndSubmit(bot, reporter, {
    description: "Veel mensen ingeschreven op één adres.",
    place: "Centrum",
    seenAt: "vandaag",
    department,
    contact: "via Teams",
  });
}

/**
 * Lets the page come to rest before it is measured: the pointer leaves whatever the test just clicked, and every
 * running animation and transition (Fluent buttons fade their background and colour between states, also inside
 * their shadow roots) finishes. Measured mid-fade, axe sees a blend of two colours that neither state shows.
 */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(`(async () => {
    const roots = [document];
    for (let i = 0; i < roots.length; i++) {
      for (const element of roots[i].querySelectorAll("*")) if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // A spinner's animation never ends; only the ones that do are waited for.
    const ending = roots
      .flatMap((root) => root.getAnimations())
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(ending.map((animation) => animation.finished.catch(() => undefined)));
  })()`);
}

/** What axe reports as serious or critical on the page now, as readable lines (axe injected once per page). */
async function seriousViolations(page: Page): Promise<string[]> {
  await settle(page);
  // Page code as strings: this file is type-checked for Node, without the DOM's globals.
  if (!(await page.evaluate('"axe" in window'))) {
    await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
  }
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)',
  )) as Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }>;
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
}

/** Every table of the insight view as shown: row keys and cell texts (months, then the total). */
async function shownTables(page: Page): Promise<Record<string, Array<{ key: string; cells: string[] }>>> {
  return page.$$eval("table.insight-table", (tables) =>
    Object.fromEntries(
      tables.map((table) => [
        table.getAttribute("data-table") ?? "",
        [...table.querySelectorAll("tbody tr, tfoot tr")].map((tr) => ({
          key: tr.getAttribute("data-key") ?? "",
          cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
        })),
      ]),
    ),
  );
}

/** The same table as the tab must show it: cells as text, "< 5" for suppressed ones, totals last. */
function expectedRows(table: InsightTable): Array<{ key: string; cells: string[] }> {
  const text = (c: number | "suppressed") => (c === "suppressed" ? `< ${MIN_CELL}` : String(c));
  const rows = table.rows.map((r) => ({ key: r.key, cells: [...r.cells, r.total].map(text) }));
  return table.totals
    ? [...rows, { key: "total", cells: [...table.totals.cells, table.totals.total].map(text) }]
    : rows;
}

describe("coordinators' tab", () => {
  let connector: FakeConnector;
  let bot: TestBot;
  let browser: Browser;
  let context: BrowserContext;
  /** The coordinator's page, from the case list to the insight view (one page load, like a user). */
  let page: Page;
  let advised: CaseDetailJson;
  /** A direct report from the wijkteam, whose playbook the tab works through (and closes). */
  let direct: { id: string; number: string };
  /** The playbooks of the claimed cases as the tab left them, for the insight counts. */
  const playbooks: NonNullable<CaseDetailJson["playbook"]>[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    [connector, browser] = await Promise.all([startFakeConnector(), launchBrowser()]);
    bot = await startTestBot(
      { COORDINATORS: "coord-1,coord-2", DISPATCH_INTERVAL_MS: "50", INSIGHT_MIN_CELL: String(MIN_CELL) },
      { serviceUrl: connector.url },
    );
    // The script is bundled on its first request: start that now, beside making the cases.
    const warm = fetch(`${bot.url}/tab/app.js`).then((res) => res.text());
    await setUpContactPoint(bot, channelUser("coord-2", "Carla Coördinator"));
    // One report after a check (handhaving), five direct reports from the wijkteam and one from the KCC.
    const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
    const wijkteam = makeUser("Wim Wijkteam");
    for (let i = 0; i < 5; i++) await reportDirectly(bot, wijkteam, "wijkteam");
    await reportDirectly(bot, makeUser("Karin KCC"), "kcc");
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    const list = (await (await fetch(`${bot.url}/api/tab/cases?view=open`)).json()) as {
      cases: Array<{ id: string; number: string }>;
    };
    const id = list.cases.find((c) => c.number === number)!.id;
    advised = await caseJson(bot.url, id);
    direct = list.cases.find((c) => c.number !== number)!;
    await warm;
    context = await browser.newContext({ locale: "nl-NL", viewport: { width: 1280, height: 900 } });
    // Fail with the step that did not happen rather than at the test's time limit.
    context.setDefaultTimeout(8000);
    context.on("console", (message) => {
      // teams-js asks its CDN for the list of Teams origins and falls back to its own copy when refused.
      if (/Content Security Policy/.test(message.text()) && !/res\.cdn\.office\.net/.test(message.text())) {
        cspErrors.push(message.text());
      }
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await bot?.stop();
    await connector?.close();
  });

  it("should list a new case, open it and claim it, and the channel card should show the claim", async () => {
    page = await context.newPage();
    await page.goto(`${bot.url}/tab?lang=nl&theme=default`);
    await page.getByText("Ontwikkelmodus: lokale identiteit, geen echte aanmelding").waitFor();
    const row = page.locator(`tr[data-case="${advised.number}"]`);
    await row.waitFor();
    await expect(page.locator("tr[data-case]").count()).resolves.toBe(7);

    // Sorting by keyboard: Enter on a column header's button sorts, says so in aria-sort, keeps the focus.
    await page.locator('button.sort[data-column="number"]').focus();
    await page.keyboard.press("Enter");
    await page.locator('th[aria-sort="ascending"] button[data-column="number"]').waitFor();
    expect(await page.evaluate("document.activeElement?.dataset.column")).toBe("number");
    expect(await page.locator("tr[data-case]").first().getAttribute("data-case")).toBe(advised.number);

    await row.getByRole("link", { name: advised.number }).click();
    const heading = page.locator("#case-heading");
    await heading.waitFor();
    expect(await heading.textContent()).toBe(advised.number);
    expect(await page.evaluate("document.activeElement?.id")).toBe("case-heading");
    // Strongest first, deciding ones marked.
    const signalIds = await page.$$eval("li[data-signal]", (items) => items.map((i) => i.dataset.signal));
    expect(signalIds).toEqual(advised.signals.map((s) => s.id));
    expect(await page.locator("li.signal.deciding").count()).toBeGreaterThan(0);

    await page.locator('fluent-button[data-action="claim"]').click();
    await page.getByText("Je hebt de melding opgepakt.").waitFor();
    await page.getByText(`Opgepakt door ${DEV_NAME}`).waitFor();
    expect(await page.locator('fluent-button[data-action="claim"]').count()).toBe(0);
    await connector.waitFor((calls) =>
      calls.some(
        (c) =>
          c.method === "PUT" &&
          c.conversationId === CHANNEL &&
          cardText(c).includes(advised.number) &&
          cardText(c).includes(`Opgepakt door ${DEV_NAME}`),
      ),
    );
    await page.screenshot({ path: await screenshotPath("tab-case.png"), fullPage: true });

    // An empty question is refused in the form, with the message under the field, nothing is sent.
    await page.locator('fluent-button[data-action="ask"]').click();
    await page.getByText("Typ je vraag aan de melder.").waitFor();

    // Fluent buttons take their role from ElementInternals, which Playwright's role selectors do not read.
    await page.locator("fluent-button.back", { hasText: "Terug naar de meldingen" }).click();
    await page.locator(`tr[data-case="${advised.number}"]`).getByText(DEV_NAME).waitFor();
    await page.screenshot({ path: await screenshotPath("tab-cases.png", "docs") });
    expect(cspErrors).toEqual([]);
  }, 30_000);

  it("should tick and skip playbook steps, refuse to close with steps open, close with the override, and show a referral summary", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: bot.url });
    await page.evaluate(`location.hash = ${JSON.stringify(`#/melding/${direct.id}`)}`);
    await page.locator("#case-heading", { hasText: direct.number }).waitFor();
    await expect(page.locator(".playbook").textContent()).resolves.toContain("nog geen draaiboek");
    await page.locator('fluent-button[data-action="claim"]').click();
    await page.getByText("Je hebt de melding opgepakt.").waitFor();

    // The playbook as the API gives it: every step listed with its partner's name and route.
    const claimed = await caseJson(bot.url, direct.id);
    const steps = claimed.playbook!.steps;
    expect(steps.length).toBeGreaterThan(2);
    await expect(page.locator("#playbook-heading").textContent()).resolves.toBe(
      `Draaiboek: ${claimed.playbook!.title!.nl}`,
    );
    expect(await page.$$eval("li[data-step]", (items) => items.map((i) => i.dataset.step))).toEqual(
      steps.map((s) => s.id),
    );
    const withPartner = steps.find((s) => s.partner)!;
    const partnerText = await page.locator(`li[data-step="${withPartner.id}"] .step-partner`).textContent();
    expect(partnerText).toContain(withPartner.partner!.name);
    expect(partnerText).toContain(withPartner.partner!.route);
    await page.getByText(`0 van ${steps.length} stappen klaar`).waitFor();

    // Tick the first step: the message is shown at the step and gets the focus.
    const [first, second] = steps as [(typeof steps)[0], (typeof steps)[0]];
    await page.locator(`li[data-step="${first.id}"] fluent-button[data-step-action="done"]`).click();
    await page.locator(`li[data-step="${first.id}"][data-state="done"]`).waitFor();
    await page.getByText(`Afgevinkt: ${first.title!.nl}`).waitFor();
    expect(await page.evaluate("document.activeElement?.closest('li[data-step]')?.dataset.step")).toBe(
      first.id,
    );
    await page.getByText(`1 van ${steps.length} stappen klaar`).waitFor();
    await page.getByText(`Afgevinkt door ${DEV_NAME}`, { exact: false }).waitFor();

    // Skip the second: a reason is required, and it is shown with the step.
    const skipItem = page.locator(`li[data-step="${second.id}"]`);
    await skipItem.locator('fluent-button[data-step-action="skip"]').click();
    await skipItem.locator("fluent-textarea").waitFor();
    expect(
      await skipItem.locator('fluent-button[data-step-action="skip"]').getAttribute("aria-expanded"),
    ).toBe("true");
    await skipItem.locator('fluent-button[data-step-send="skip"]').click();
    await skipItem.getByText("Geef een reden waarom je deze stap overslaat.").waitFor();
    await skipItem.locator("fluent-textarea textarea").fill("Dit is al door het wijkteam gedaan.");
    await skipItem.locator('fluent-button[data-step-send="skip"]').click();
    await page.locator(`li[data-step="${second.id}"][data-state="skipped"]`).waitFor();
    await page.getByText("Reden: Dit is al door het wijkteam gedaan.").waitFor();
    await page.locator(`li[data-step="${second.id}"] fluent-button[data-step-action="reopen"]`).waitFor();

    // Refer without the reporter's details, then read, copy and print the summary.
    await page.locator('form.form-refer select[name="refer.to"]').selectOption("politie");
    expect(await page.locator('form.form-refer input[name="withReporter"]').isChecked()).toBe(false);
    await page.locator('fluent-button[data-action="refer"]').click();
    await page.getByText("De melding is doorverwezen.").waitFor();
    await page.locator('[data-referral="0"] fluent-button[data-summary="toggle"]').click();
    const box = page.locator('[data-referral="0"] textarea.summary-text');
    await box.waitFor();
    expect(await page.evaluate("document.activeElement?.classList.contains('summary-text')")).toBe(true);
    const summary = await box.inputValue();
    expect(summary).toContain(`Doorverwijzing ${direct.number} aan`);
    expect(summary).toContain("Niet meegestuurd");
    expect(summary).not.toContain("Wim Wijkteam");
    await page.locator('[data-referral="0"] fluent-button[data-summary="copy"]').click();
    await page.getByText("De samenvatting is gekopieerd.").waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(summary);
    // Printing: the page hands over only the summary (the print dialog itself is stubbed).
    await page.evaluate("window.printed = 0; window.print = () => { window.printed += 1; }");
    await page.locator('[data-referral="0"] fluent-button[data-summary="print"]').click();
    expect(await page.evaluate("window.printed")).toBe(1);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("main").isVisible()).toBe(false);
    const printed = await page.locator("body > .print-root").innerText();
    expect(printed).toContain(`Doorverwijzing ${direct.number} aan`);
    expect(printed).toContain("Niet meegestuurd");
    await page.emulateMedia({ media: "screen" });
    await page.evaluate('window.dispatchEvent(new Event("afterprint"))');
    expect(await page.locator(".print-root").count()).toBe(0);
    expect(await page.locator("main").isVisible()).toBe(true);

    // Closing: the form lists the open steps; without "Toch afsluiten" the server refuses and names them.
    const open = (await caseJson(bot.url, direct.id))
      .playbook!.steps.filter((s) => s.state === "open")
      .map((s) => s.id);
    expect(open.length).toBeGreaterThan(0);
    const closeForm = page.locator("form.form-close");
    await expect(closeForm.locator(".open-steps li").count()).resolves.toBe(open.length);
    await closeForm.locator("fluent-textarea textarea").fill("Doorverwezen naar de politie.");
    await page.locator('fluent-button[data-action="close"]').click();
    await closeForm.getByText("Afsluiten kan nog niet. Deze stappen staan nog open:").waitFor();
    const refused = await page.$$eval("form.form-close [data-open-step]", (items) =>
      items.map((i) => i.dataset.openStep),
    );
    expect(refused).toEqual(open);
    expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe("override");
    await page.keyboard.press("Space");
    expect(await closeForm.locator('input[name="override"]').isChecked()).toBe(true);
    await page.locator('fluent-button[data-action="close"]').click();
    await page.getByText("De melding is afgesloten.").waitFor();
    await page
      .getByText(`Afgesloten terwijl ${refused.length} stappen nog open stonden`, { exact: false })
      .waitFor();
    expect(await page.locator("fluent-button[data-step-action]").count()).toBe(0);
    await page.screenshot({ path: await screenshotPath("tab-playbook.png", "docs"), fullPage: true });
    playbooks.push(
      (await caseJson(bot.url, advised.id)).playbook!,
      (await caseJson(bot.url, direct.id)).playbook!,
    );
    expect(cspErrors).toEqual([]);
  }, 30_000);

  it("should show every insight number of the cases made, small counts as '< 5'", async () => {
    await page.locator("fluent-tab#tab-insight").click();
    await page.locator('table[data-table="casesByDepartment"]').waitFor();
    expect(await page.evaluate("location.hash")).toBe("#/inzicht");

    // The counts of what this test made, by hand; the suppression is the report's (tested on its own).
    const month = monthOf(new Date().toISOString());
    const counters: Counter[] = [];
    const count = (metric: Counter["metric"], key: string, n = 1) => counters.push({ month, metric, key, n });
    count("cases", `${advised.outcome}|handhaving`);
    count("cases", "NONE|wijkteam", 5);
    count("cases", "NONE|kcc");
    for (const form of advised.forms.length ? advised.forms : ["unknown"]) count("case_forms", form);
    count("case_forms", "unknown", 6);
    for (const s of advised.signals) count("case_signals", s.id);
    count("claim_hours", "1");
    // The direct report of the playbook test: claimed, referred to the police, closed anyway within the hour.
    count("claim_hours", "1");
    count("case_referrals", "politie");
    count("close_days", "1");
    count("case_closes", "override");
    count("contact_hours", "4");
    expect(playbooks).toHaveLength(2);
    for (const p of playbooks) for (const s of p.steps) count("case_steps", `${p.id}|${s.id}|${s.state}`);
    // Every place in these reports ("Wijk Noord", "Centrum") is too vague to bring reports together.
    count("case_clusters", "no_place", 7);
    // The check ran before the reporter chose a department on the form: it counts under "unknown".
    count("checks", `${advised.outcome}|arbeidsuitbuiting|unknown`);
    for (const form of advised.forms.length ? advised.forms : ["unknown"]) count("check_forms", form);
    for (const s of advised.signals) count("check_signals", s.id);
    const months = monthRange(addMonths(month, -11), month);
    const expected = insightReport(counters, { minCell: MIN_CELL, months });

    const shown = await shownTables(page);
    for (const table of expected) {
      if (table.rows.length === 0) {
        expect([table.id, shown[table.id]]).toEqual([table.id, undefined]);
        continue;
      }
      expect([table.id, shown[table.id]]).toEqual([table.id, expectedRows(table)]);
    }
    // The anchors in words: five wijkteam reports shown, the single handhaving and KCC ones hidden.
    const departments = shown.casesByDepartment!;
    expect(departments.find((r) => r.key === "wijkteam")?.cells.at(-1)).toBe("5");
    expect(departments.find((r) => r.key === "handhaving")?.cells.at(-1)).toBe("< 5");
    expect(departments.find((r) => r.key === "kcc")?.cells.at(-1)).toBe("< 5");
    await page.getByText("“< 5” betekent", { exact: false }).waitFor();
    await expect(page.locator('[data-median="claimHours"]').textContent()).resolves.toMatch(/niet te tonen/);

    // The CSV comes as a download built in the page (the request carries the token).
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("fluent-button.download", { hasText: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^signaalwijzer-inzicht-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    await page.screenshot({ path: await screenshotPath("tab-insight.png", "docs"), fullPage: true });
    // A link straight to the insight view opens it (not the first tab).
    await page.reload();
    await page.locator('table[data-table="casesByDepartment"]').waitFor();
    expect(await page.evaluate("location.hash")).toBe("#/inzicht");
    expect(cspErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("should show the channel tab's configuration page, and say outside Teams that it belongs there", async () => {
    const config = await context.newPage();
    await config.goto(`${bot.url}/tab/config`);
    await config.getByRole("heading", { name: "Tabblad Meldpunt toevoegen" }).waitFor();
    const text = await config.locator("main").innerText();
    expect(text).toContain("Alleen coördinatoren");
    expect(text).toContain("open Teams en voeg daar het tabblad toe");
    // No sign-in and no case data on this page.
    expect(text).not.toMatch(/MH-\d{4}/);
    await config.close();
  }, 30_000);

  it("should have no serious or critical accessibility violations in the light, dark and contrast themes", async () => {
    // axe is injected as an inline script, which the page's CSP rightly refuses: this context bypasses it.
    const axeContext = await browser.newContext({ locale: "nl-NL", bypassCSP: true });
    const found: Record<string, string[]> = {};
    // The themes run side by side: most of a page load is the wait for a Teams host that is not there.
    await Promise.all(
      THEMES.map(async (theme) => {
        const themed = await axeContext.newPage();
        // Animations at a fifth of their speed: a measurement taken mid-fade (the cause of this test's earlier
        // flakiness under load) then fails every time instead of now and then, so settle() is proven each run.
        const devtools = await axeContext.newCDPSession(themed);
        await devtools.send("Animation.enable");
        await devtools.send("Animation.setPlaybackRate", { playbackRate: 0.2 });
        themed.setDefaultTimeout(15_000);
        await themed.goto(`${bot.url}/tab?lang=nl&theme=${theme}`);
        await themed.locator("tr[data-case]").first().waitFor();
        found[`${theme} cases`] = await seriousViolations(themed);
        await themed.screenshot({ path: await screenshotPath(`tab-cases-${theme}.png`) });

        await themed.evaluate(`location.hash = ${JSON.stringify(`#/melding/${advised.id}`)}`);
        await themed.locator("#case-heading").waitFor();
        // With the form errors showing, so their colours are checked too.
        await themed.locator('fluent-button[data-action="refer"]').click();
        await themed.locator(".field-error:not([hidden])").first().waitFor();
        found[`${theme} case`] = await seriousViolations(themed);
        await themed.screenshot({ path: await screenshotPath(`tab-case-${theme}.png`), fullPage: true });

        // The worked-through playbook of a closed case, with a referral summary open.
        await themed.evaluate(`location.hash = ${JSON.stringify(`#/melding/${direct.id}`)}`);
        await themed.locator("#case-heading", { hasText: direct.number }).waitFor();
        await themed.locator('[data-referral="0"] fluent-button[data-summary="toggle"]').click();
        await themed.locator("textarea.summary-text").waitFor();
        found[`${theme} playbook`] = await seriousViolations(themed);
        await themed.screenshot({ path: await screenshotPath(`tab-playbook-${theme}.png`), fullPage: true });

        await themed.evaluate('location.hash = "#/inzicht"');
        await themed.locator('table[data-table="casesByDepartment"]').waitFor();
        found[`${theme} insight`] = await seriousViolations(themed);
        await themed.screenshot({ path: await screenshotPath(`tab-insight-${theme}.png`) });
        await themed.close();
      }),
    );
    await axeContext.close();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 30_000);
});
