import { join } from "node:path";
import { repoRoot } from "../../../src/config.js";
import { loadSignalCatalogue } from "../../../src/signals/catalogue.js";
import { cardElements, cardTexts } from "../../helpers/cards.js";
import { caseCard, myReportsCard, reporterStatusText } from "../../../src/bot/cards/case-cards.js";
import type { CaseRecord } from "../../../src/cases/case-schema.js";
import type { Playbook } from "../../../src/cases/playbook-schema.js";
import { newCase } from "../../fixtures/cases/build.js";

const coord = { id: "coord-1", name: "Coby" };
const base: CaseRecord = { ...newCase({ urgent: true }), number: "MH-2026-0042" };

const texts = (card: unknown) => cardTexts(card).join("\n");
const facts = (card: unknown) =>
  cardElements(card)
    .filter((e) => e.type === "FactSet")
    .flatMap((e) => e.facts as Array<{ title: string; value: string }>);
const executes = (card: unknown) => cardElements(card).filter((e) => e.type === "Action.Execute");

describe("caseCard", () => {
  it("should list every ticked signal, strongest first, and mark those that weigh most", async () => {
    const catalogue = await loadSignalCatalogue(join(repoRoot, "dialogs", "signals.yaml"));
    const c = {
      ...base,
      signals: ["fearful_or_anxious", "speaks_through_third_party", "documents_withheld"],
    };
    const lines = texts(caseCard(c, "nl", { catalogue })).split("\n");
    const from = lines.indexOf("Aangevinkte signalen (sterkste eerst)");
    expect(from).toBeGreaterThan(0);
    const label = (id: string) => catalogue.signals.find((s) => s.id === id)!.label.nl;
    expect(lines.slice(from + 1, from + 4)).toEqual([
      `- ${label("documents_withheld")} (**weegt het zwaarst**)`,
      `- ${label("speaks_through_third_party")}`,
      `- ${label("fearful_or_anxious")}`,
    ]);
    expect(texts(caseCard(c, "nl"))).not.toContain("Aangevinkte signalen");
    expect(texts(caseCard({ ...c, signals: [] }, "nl", { catalogue }))).not.toContain("Aangevinkte signalen");
  });

  it("should be a 1.5 card with number, urgency, advice, reasons, description and reporter", () => {
    const card = caseCard(base, "nl");
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(card).not.toHaveProperty("$schema");
    expect(card.body[0]).toMatchObject({
      type: "Container",
      style: "attention",
      items: [{ text: "MH-2026-0042 · SPOED" }],
    });
    const text = texts(card);
    expect(text).toContain("Melden (vandaag)");
    expect(text).toContain("- Twee sterke signalen van arbeidsuitbuiting.");
    expect(text).toContain("Acht mannen wonen in een schuur");
    expect(text).toContain("Nog niet opgepakt.");
    expect(facts(card)).toEqual(
      expect.arrayContaining([
        { title: "Plaats", value: "Industrieweg" },
        { title: "Gezien op", value: "maandagochtend" },
        { title: "Melder", value: "Rita Reporter" },
        { title: "Afdeling", value: "Wijkteam" },
        { title: "Bereikbaar via", value: "via Teams" },
      ]),
    );
  });

  it("should offer claim, ask, refer, close and change the advice on a new case, with sub-forms and id-only data", () => {
    const card = caseCard(base, "nl");
    expect(card.actions?.map((a) => [a.type, a.title])).toEqual([
      ["Action.Execute", "Oppakken"],
      ["Action.ShowCard", "Vraag aanvulling"],
      ["Action.ShowCard", "Doorverwijzen"],
      ["Action.ShowCard", "Afsluiten"],
      ["Action.ShowCard", "Advies aanpassen"],
    ]);
    expect(executes(card).map((a) => [a.verb, a.data])).toEqual([
      ["case.claim", { caseId: base.id }],
      ["case.ask", { caseId: base.id }],
      ["case.refer", { caseId: base.id }],
      ["case.close", { caseId: base.id }],
      ["case.override", { caseId: base.id }],
    ]);
    const inputs = cardElements(card).filter((e) => String(e.type).startsWith("Input."));
    expect(inputs.map((i) => [i.type, i.id])).toEqual([
      ["Input.Text", "question"],
      ["Input.ChoiceSet", "to"],
      ["Input.Text", "note"],
      ["Input.Toggle", "withReporter"],
      ["Input.Text", "reason"],
      ["Input.ChoiceSet", "outcome"],
      ["Input.Text", "reason"],
    ]);
    expect((inputs[5]?.choices as Array<{ value: string }>).map((c) => c.value)).toEqual([
      "ACUTE",
      "ESCALATE",
      "CONSULT",
      "MONITOR",
    ]);
    const choices = inputs[1]?.choices as Array<{ value: string }>;
    expect(choices.map((c) => c.value)).toEqual([
      "politie",
      "arbeidsinspectie",
      "veilig-thuis",
      "zorgcoordinator",
      "comensha",
      "riec",
      "zorg-en-veiligheidshuis",
    ]);
  });

  it("should show who claimed, questions with answers, and drop the claim button", () => {
    const claimed: CaseRecord = {
      ...base,
      status: "claimed",
      claimedBy: coord,
      questions: [
        {
          id: "8d5e1f2a-1111-4222-8333-444455556666",
          text: "Hoeveel mensen?",
          askedBy: coord,
          askedAt: "2026-03-02T10:00:00.000Z",
          answer: "Acht.",
          answeredAt: "2026-03-02T11:00:00.000Z",
        },
        {
          id: "8d5e1f2a-1111-4222-8333-444455556667",
          text: "Welke dagen?",
          askedBy: coord,
          askedAt: "2026-03-02T12:00:00.000Z",
        },
      ],
    };
    const card = caseCard(claimed, "nl");
    const text = texts(card);
    expect(text).toContain("Opgepakt door Coby.");
    expect(text).toContain("Vraag van Coby (2 mrt 2026, 11:00): Hoeveel mensen?");
    expect(text).toContain("Antwoord (2 mrt 2026, 12:00): Acht.");
    expect(text).toContain("Nog geen antwoord.");
    expect(executes(card).map((a) => a.verb)).not.toContain("case.claim");
  });

  it("should show the playbook compactly with each step's state, and forms to update a step or switch", () => {
    const text2 = (nl: string) => ({ nl, en: `${nl} EN` });
    const playbooks: Playbook[] = ["arbeid", "algemeen"].map((id) => ({
      id,
      title: text2(`Draaiboek ${id}`),
      summary: text2("Test"),
      when: id === "algemeen" ? { fallback: true } : { forms: ["labour"] },
      steps: [
        { id: "politie", title: text2("Informeer de politie"), why: text2("Omdat"), partner: "politie" },
        {
          id: "zorg",
          title: text2("Bel de zorgcoördinator"),
          why: text2("Omdat"),
          partner: "zorgcoordinator",
        },
        { id: "vastleggen", title: text2("Leg het besluit vast"), why: text2("Omdat") },
      ],
      sources: ["BRIEF.md §3"],
      reviewed: "2026-12-03",
    }));
    const at = "2026-03-03T09:00:00.000Z";
    const withPlaybook: CaseRecord = {
      ...base,
      status: "referred",
      claimedBy: coord,
      playbook: {
        id: "arbeid",
        attachedAt: at,
        attachedBy: coord,
        steps: [
          { id: "politie", partner: "politie", state: "done", by: coord, at, referral: true, notes: [] },
          { id: "zorg", partner: "zorgcoordinator", state: "skipped", reason: "Al betrokken", notes: [] },
          { id: "vastleggen", state: "open", notes: [{ text: "Gepland", by: coord, at }] },
        ],
      },
    };
    const card = caseCard(withPlaybook, "nl", { playbooks });
    const text = texts(card);
    expect(text).toContain("Draaiboek: Draaiboek arbeid");
    expect(text).toContain("2 van 3 stappen klaar");
    expect(text).toContain("✓ Informeer de politie (Politie · via doorverwijzing)");
    expect(text).toContain(
      "– Bel de zorgcoördinator (Zorgcoördinator mensenhandel · overgeslagen: Al betrokken)",
    );
    expect(text).toContain("○ Leg het besluit vast (1 notities)");
    expect(card.actions?.map((a) => a.title)).toEqual([
      "Vraag aanvulling",
      "Doorverwijzen",
      "Afsluiten",
      "Advies aanpassen",
      "Stap bijwerken",
      "Ander draaiboek",
    ]);
    expect(executes(card).map((a) => a.verb)).toEqual(expect.arrayContaining(["case.step", "case.playbook"]));
    const inputs = cardElements(card).filter((e) => String(e.type).startsWith("Input."));
    // Closing with a step open offers the audited override; the switch offers only the other playbooks.
    expect(inputs.map((i) => i.id)).toEqual(
      expect.arrayContaining(["override", "stepId", "stepChange", "stepText"]),
    );
    const switchTo = inputs.find((i) => i.id === "playbookId")?.choices as Array<{ value: string }>;
    expect(switchTo.map((c) => c.value)).toEqual(["algemeen"]);
    // Once every step is done or skipped, closing needs no override.
    const finished: CaseRecord = {
      ...withPlaybook,
      playbook: {
        ...withPlaybook.playbook!,
        steps: withPlaybook.playbook!.steps.map((s) => ({
          ...s,
          state: s.state === "open" ? "done" : s.state,
        })),
      },
    };
    const finishedInputs = cardElements(caseCard(finished, "nl", { playbooks })).map((e) => e.id);
    expect(finishedInputs).not.toContain("override");
    expect(texts(caseCard(withPlaybook, "en", { playbooks }))).toContain("Playbook: Draaiboek arbeid EN");
  });

  it("should show referral and closing lines, and no actions once closed", () => {
    const referred: CaseRecord = {
      ...base,
      status: "referred",
      claimedBy: coord,
      referrals: [
        { to: "arbeidsinspectie", note: "via meldformulier", by: coord, at: "2026-03-03T09:00:00.000Z" },
      ],
    };
    expect(texts(caseCard(referred, "nl"))).toContain(
      "Doorverwezen naar Nederlandse Arbeidsinspectie door Coby.",
    );
    expect(texts(caseCard(referred, "en"))).toContain("Referred to Netherlands Labour Authority by Coby.");
    const closed: CaseRecord = {
      ...referred,
      status: "closed",
      closed: { reason: "Overgedragen", by: coord, at: "2026-03-04T09:00:00.000Z" },
    };
    const card = caseCard(closed, "nl");
    expect(texts(card)).toContain("Afgesloten door Coby. Reden: Overgedragen");
    expect(card.actions).toBeUndefined();
  });

  it("should show an outcome override with its reason", () => {
    const overridden: CaseRecord = {
      ...base,
      urgent: false,
      outcomeOverride: { outcome: "CONSULT", reason: "bekend", by: coord, at: "2026-03-03T09:00:00.000Z" },
    };
    const card = caseCard(overridden, "en");
    expect(card.body[0]).toMatchObject({ type: "Container", style: "accent" });
    expect(texts(card)).toContain(
      "Advice changed by Coby: Consult (within two working days). Reason: bekend",
    );
  });
});

describe("reporterStatusText", () => {
  it("should tell the reporter each status change in their language", () => {
    const claimed = { ...base, claimedBy: coord };
    expect(reporterStatusText(base, "received", "nl")).toMatch(/^Je melding MH-2026-0042 is ontvangen/);
    expect(reporterStatusText(claimed, "claimed", "nl")).toBe(
      "Je melding MH-2026-0042 is opgepakt door Coby.",
    );
    const referred = {
      ...claimed,
      referrals: [{ to: "veilig-thuis" as const, note: "", by: coord, at: base.createdAt }],
    };
    expect(reporterStatusText(referred, "referred", "en")).toBe(
      "Your report MH-2026-0042 was referred to Veilig Thuis.",
    );
    expect(reporterStatusText(base, "closed", "nl")).toMatch(/is afgesloten/);
  });
});

describe("myReportsCard", () => {
  it("should list number, date and status, or say there are none", () => {
    const card = myReportsCard([{ ...base, status: "claimed" }], "nl");
    expect(facts(card)).toEqual([{ title: "MH-2026-0042", value: "2 mrt 2026, 10:00 · opgepakt" }]);
    expect(texts(myReportsCard([], "en"))).toContain("You have not made any reports yet.");
  });
});
