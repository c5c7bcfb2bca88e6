/**
 * Follow-up playbooks end to end, through the real HTTP server and a fake Bot Connector: a labour-exploitation
 * report is claimed and gets the labour playbook on its card; closing while steps are open is refused with the open
 * steps listed; steps are ticked and one is skipped with a reason; a referral ticks its step; then closing is
 * allowed. A second case is closed with steps open only through the explicit override, and the audit trail of both
 * holds every step change, the refusal and the override.
 */
import { loadContent } from "../../src/content/content.js";
import { openLowdbCaseStore } from "../../src/storage/lowdb-case-store.js";
import { repoRoot } from "../../src/config.js";
import { join } from "node:path";
import type { FakeConnector } from "../harness/fake-connector.js";
import { makeUser, visibleText, type TestBot } from "../harness/bot-server.js";
import {
  CHANNEL,
  contactPointUsers,
  startContactPointBot,
  type ContactPointBot,
  cardText,
  channelUser,
  reportFromAdvice,
  setUpContactPoint,
} from "../harness/escalation.js";

describe("follow-up playbooks", () => {
  let connector: FakeConnector;
  let bot: TestBot;
  const { coordinator, colleague } = contactPointUsers();

  let started: ContactPointBot;
  beforeEach(async () => {
    started = await startContactPointBot();
    ({ connector, bot } = started);
  });
  // A test may have replaced the bot (a restart on the same data): the one running now is stopped.
  afterEach(() => started.stop(bot));

  /** The step titles the refusal to close lists as open (the reply also carries the updated card). */
  const openListed = (reply: string): string[] =>
    /Afsluiten kan nog niet: deze stappen staan nog open: (.+?)\. Vink ze af/.exec(reply)?.[1]?.split("; ") ??
    [];

  /** An adult with long days, pay far below the minimum, documents held and debt bondage: ESCALATE, labour. */
  const ADULT_LABOUR = {
    treeId: "arbeidsuitbuiting",
    moves: [
      { kind: "answer" as const, nodeId: "minderjarig", optionIds: ["nee"] },
      { kind: "answer" as const, nodeId: "gevaar-nu", optionIds: [] },
      { kind: "answer" as const, nodeId: "werk-en-loon", optionIds: ["lange-dagen", "weinig-loon"] },
      { kind: "answer" as const, nodeId: "wonen-en-vrijheid", optionIds: ["geen-eigen-id"] },
      { kind: "answer" as const, nodeId: "dwang", optionIds: ["schuld-vast"] },
    ],
  };

  /** A labour-exploitation report about an adult from a finished check, its case id read from the channel card. */
  async function labourCase(name: string): Promise<{ caseId: string; number: string }> {
    const reporter = makeUser(name);
    const { number } = await reportFromAdvice(bot, reporter, ADULT_LABOUR);
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    const posted = connector.sent(CHANNEL).find((c) => cardText(c).includes(number))!;
    const caseId = JSON.stringify(posted.body).match(
      /"verb":"case.claim","data":\{"caseId":"([0-9a-f-]+)"/,
    )?.[1];
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    return { caseId: caseId!, number };
  }

  it("should attach the labour playbook on claim, gate closing on its steps, and tick a step by referral", async () => {
    const content = await loadContent({
      knowledgeDir: join(repoRoot, "knowledge"),
      dialogsDir: join(repoRoot, "dialogs"),
    });
    const playbook = content.playbooks.find((p) => p.id === "arbeidsuitbuiting-volwassene")!;
    const title = (id: string) => playbook.steps.find((s) => s.id === id)!.title.nl;
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    const { caseId, number } = await labourCase("Rita Melder");

    const claimed = JSON.stringify(await bot.click(coordinator, "case.claim", { caseId }));
    expect(claimed).toContain(`Draaiboek: ${playbook.title.nl}`);
    expect(claimed).toContain(`0 van ${playbook.steps.length} stappen klaar`);
    expect(claimed).toContain("Stap bijwerken");
    // The channel card everyone sees is updated with the playbook as well.
    await connector.waitFor((calls) =>
      calls.some(
        (c) => c.method === "PUT" && c.conversationId === CHANNEL && cardText(c).includes("Draaiboek:"),
      ),
    );

    // Closing now is refused and names the open steps.
    const early = openListed(
      visibleText(await bot.click(coordinator, "case.close", { caseId, reason: "Klaar" })),
    );
    expect(early).toEqual(playbook.steps.map((s) => s.title.nl));

    // A referral to the Labour Authority ticks its step; the RIEC step is skipped with a reason.
    const referred = JSON.stringify(
      await bot.click(coordinator, "case.refer", {
        caseId,
        to: "arbeidsinspectie",
        note: "Via het meldpunt",
      }),
    );
    expect(referred).toContain(
      `✓ ${title("arbeidsinspectie-informeren")} (Nederlandse Arbeidsinspectie · via doorverwijzing)`,
    );
    const skipped = JSON.stringify(
      await bot.click(colleague, "case.step", {
        caseId,
        stepId: "bestuurlijke-aanpak-riec",
        stepChange: "skip",
        stepText: "Geen bedrijf in beeld",
      }),
    );
    expect(skipped).toContain("overgeslagen: Geen bedrijf in beeld");
    // A skip without a reason changes nothing and says what is missing.
    const noReason = visibleText(
      await bot.click(colleague, "case.step", { caseId, stepId: "besluit-vastleggen", stepChange: "skip" }),
    );
    expect(noReason).toMatch(/reden van overslaan/);

    const rest = playbook.steps
      .map((s) => s.id)
      .filter(
        (id) =>
          !["arbeidsinspectie-informeren", "bestuurlijke-aanpak-riec", "besluit-vastleggen"].includes(id),
      );
    for (const stepId of rest)
      await bot.click(colleague, "case.step", { caseId, stepId, stepChange: "done" });
    await bot.click(coordinator, "case.step", {
      caseId,
      stepId: "besluit-vastleggen",
      stepChange: "note",
      stepText: "Besproken in het casusoverleg",
    });
    const oneLeft = openListed(
      visibleText(await bot.click(coordinator, "case.close", { caseId, reason: "Klaar" })),
    );
    expect(oneLeft).toEqual([title("besluit-vastleggen")]);
    await bot.click(coordinator, "case.step", { caseId, stepId: "besluit-vastleggen", stepChange: "done" });

    const closed = JSON.stringify(await bot.click(coordinator, "case.close", { caseId, reason: "Afgerond" }));
    expect(closed).toContain(`${playbook.steps.length} van ${playbook.steps.length} stappen klaar`);
    expect(closed).toContain("Afgesloten door Carla Coördinator");

    // A second case, closed with steps open: only with the override, which the case and the audit keep.
    const second = await labourCase("Sam Melder");
    await bot.click(colleague, "case.claim", { caseId: second.caseId });
    const override = JSON.stringify(
      await bot.click(colleague, "case.close", {
        caseId: second.caseId,
        reason: "Persoon is vertrokken, geen contact meer",
        override: "true",
      }),
    );
    expect(override).toContain("Afgesloten door Kees Collega");
    expect(override).toContain(
      `Afgesloten terwijl ${playbook.steps.length} stappen nog open stonden (vastgelegd).`,
    );

    await bot.stop({ keepData: true });
    const store = await openLowdbCaseStore(bot.dataDir);
    const first = await store.getCase(caseId);
    const other = await store.getCase(second.caseId);
    const audit = await store.listAudit(caseId);
    const otherAudit = await store.listAudit(second.caseId);
    await store.close();
    expect(first?.number).toBe(number);
    expect(first?.playbook?.steps.every((s) => s.state !== "open")).toBe(true);
    expect(first?.closed).not.toHaveProperty("openSteps");
    expect(other?.closed?.openSteps).toEqual(playbook.steps.map((s) => s.id));
    const steps = audit
      .filter((a) => a.action === "case.step")
      .map((a) => `${a.detail.change}:${a.detail.result}`);
    expect(steps).toEqual(["skip:ok", ...rest.map(() => "done:ok"), "note:ok", "done:ok"]);
    // The skip without a reason was refused before it reached the case: nothing about it is stored.
    expect(audit.filter((a) => a.action === "case.close").map((a) => a.detail.result)).toEqual([
      "steps_open",
      "steps_open",
      "ok",
    ]);
    expect(audit.find((a) => a.action === "case.refer")?.detail).toMatchObject({
      step: "arbeidsinspectie-informeren",
    });
    expect(audit.find((a) => a.action === "case.claim" && a.allowed)?.detail).toMatchObject({
      playbook: "arbeidsuitbuiting-volwassene",
    });
    expect(otherAudit.find((a) => a.action === "case.close")?.detail).toMatchObject({
      result: "ok",
      override: true,
      open: playbook.steps.length,
    });
    // Audit entries hold ids and codes, never what a coordinator typed.
    expect(JSON.stringify([audit, otherAudit])).not.toMatch(/Geen bedrijf|casusoverleg|vertrokken/);
  });
});
