import type { CaseRecord } from "../../src/cases/case-schema.js";
import type { Playbook } from "../../src/cases/playbook-schema.js";
import { referralSummary } from "../../src/cases/referral-summary.js";
import {
  assessment,
  coordinator,
  coordinator2,
  draft,
  outsider,
  reporterIdentity,
  serviceFixture,
} from "../fixtures/cases/service.js";

const text = (nl: string) => ({ nl, en: `${nl} (en)` });
const step = (id: string, partner?: Playbook["steps"][number]["partner"]) => ({
  id,
  title: text(`Stap ${id}`),
  why: text("Omdat het moet."),
  ...(partner ? { partner } : {}),
});
const playbook = (id: string, when: Playbook["when"], steps: Playbook["steps"]): Playbook => ({
  id,
  title: text(`Draaiboek ${id}`),
  summary: text("Voor de test."),
  when,
  steps,
  sources: ["BRIEF.md §3"],
  reviewed: "2026-12-03",
});
const labour = playbook("arbeid", { minor: false, forms: ["labour"] }, [
  step("politie-of-nla", "arbeidsinspectie"),
  step("zorgcoordinator", "zorgcoordinator"),
  step("zvh", "zorg-en-veiligheidshuis"),
  step("vastleggen"),
]);
const minor = playbook("minderjarige", { minor: true }, [
  step("veilig-thuis", "veilig-thuis"),
  step("vastleggen"),
]);
const general = playbook("algemeen", { fallback: true }, [
  step("overleg", "zorgcoordinator"),
  step("vastleggen"),
]);
const PLAYBOOKS = [general, labour, minor];

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

describe("case playbooks", () => {
  let f: Fixture;
  let facts = { minor: false, locationOnly: false };
  beforeEach(async () => {
    facts = { minor: false, locationOnly: false };
    f = await serviceFixture(undefined, {
      formsOf: () => ["labour"],
      playbooks: {
        list: PLAYBOOKS,
        factsOf: (c: CaseRecord) => ({ ...facts, acute: c.outcome === "ACUTE", forms: c.forms ?? [] }),
      },
    });
  });
  afterEach(() => f.cleanup());

  async function claimed(): Promise<CaseRecord> {
    const submitted = await f.service.submitReport(draft, assessment, reporterIdentity, `r-${Math.random()}`);
    if (submitted.status !== "created") throw new Error(submitted.status);
    const result = await f.service.claim(submitted.case.id, coordinator);
    if (result.status !== "ok") throw new Error(result.status);
    return result.case;
  }
  const ok = (r: { status: string; case?: CaseRecord }) => {
    if (r.status !== "ok" || !r.case) throw new Error(`expected ok, got ${r.status}`);
    return r.case;
  };
  const states = (c: CaseRecord) => c.playbook?.steps.map((s) => `${s.id}:${s.state}`);

  it("should attach the playbook that fits the case when it is claimed, all steps open", async () => {
    const c = await claimed();
    expect(c.playbook).toMatchObject({ id: "arbeid", attachedBy: coordinator });
    expect(states(c)).toEqual(["politie-of-nla:open", "zorgcoordinator:open", "zvh:open", "vastleggen:open"]);
    const audit = await f.store.listAudit(c.id);
    expect(audit.find((a) => a.action === "case.claim")?.detail).toMatchObject({ playbook: "arbeid" });
    facts = { minor: true, locationOnly: false };
    expect((await claimed()).playbook?.id).toBe("minderjarige");
  });

  it("should tick, skip with a reason, reopen and annotate steps, each audited", async () => {
    const c = await claimed();
    ok(await f.service.updateStep(c.id, coordinator, "zvh", { kind: "done" }));
    const skipped = ok(
      await f.service.updateStep(c.id, coordinator2, "zorgcoordinator", {
        kind: "skip",
        text: " Al betrokken ",
      }),
    );
    expect(skipped.playbook?.steps[1]).toMatchObject({
      state: "skipped",
      reason: "Al betrokken",
      by: coordinator2,
    });
    // A skip needs a reason; nothing changes without one.
    expect(
      await f.service.updateStep(c.id, coordinator, "vastleggen", { kind: "skip", text: "  " }),
    ).toMatchObject({
      status: "invalid",
      issues: [expect.stringMatching(/^skipReason:/)],
    });
    const noted = ok(
      await f.service.updateStep(c.id, coordinator, "zvh", { kind: "note", text: "Besproken op 4/3" }),
    );
    expect(noted.playbook?.steps[2]?.notes).toEqual([
      { text: "Besproken op 4/3", by: coordinator, at: expect.any(String) },
    ]);
    const reopened = ok(await f.service.updateStep(c.id, coordinator, "zorgcoordinator", { kind: "reopen" }));
    expect(reopened.playbook?.steps[1]).not.toHaveProperty("reason");
    expect(states(reopened)).toEqual([
      "politie-of-nla:open",
      "zorgcoordinator:open",
      "zvh:done",
      "vastleggen:open",
    ]);
    expect(await f.service.updateStep(c.id, coordinator, "bestaat-niet", { kind: "done" })).toMatchObject({
      status: "no_step",
    });
    expect(await f.service.updateStep(c.id, outsider, "zvh", { kind: "done" })).toEqual({
      status: "forbidden",
    });
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.step");
    expect(audit.map((a) => [a.allowed, a.detail.result, a.detail.change ?? ""])).toEqual([
      [true, "ok", "done"],
      [true, "ok", "skip"],
      [true, "ok", "note"],
      [true, "ok", "reopen"],
      [true, "no_step", "done"],
      [false, "forbidden", ""],
    ]);
    // Audit details hold ids and codes only, never the reason or note text.
    expect(JSON.stringify(audit)).not.toMatch(/Al betrokken|Besproken/);
  });

  it("should tick the matching step when the case is referred, and only that one", async () => {
    const c = await claimed();
    const referred = ok(await f.service.refer(c.id, coordinator, "arbeidsinspectie", "Via het meldpunt"));
    expect(referred.playbook?.steps[0]).toMatchObject({ state: "done", referral: true, by: coordinator });
    expect(states(referred)?.slice(1)).toEqual(["zorgcoordinator:open", "zvh:open", "vastleggen:open"]);
    const again = ok(await f.service.refer(c.id, coordinator, "riec", ""));
    expect(states(again)).toEqual(states(referred));
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.refer");
    expect(audit.map((a) => a.detail.step ?? "-")).toEqual(["politie-of-nla", "-"]);
  });

  it("should refuse to close with open steps and list them, then close once all are ticked or skipped", async () => {
    const c = await claimed();
    const refused = await f.service.close(c.id, coordinator, "Klaar");
    expect(refused).toMatchObject({
      status: "steps_open",
      open: ["politie-of-nla", "zorgcoordinator", "zvh", "vastleggen"],
    });
    expect((await f.store.getCase(c.id))?.status).toBe("claimed");
    for (const id of ["politie-of-nla", "zorgcoordinator", "vastleggen"])
      ok(await f.service.updateStep(c.id, coordinator, id, { kind: "done" }));
    ok(
      await f.service.updateStep(c.id, coordinator, "zvh", { kind: "skip", text: "Geen casus voor het ZVH" }),
    );
    const closed = ok(await f.service.close(c.id, coordinator, "Afgerond"));
    expect(closed.closed).not.toHaveProperty("openSteps");
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.close");
    expect(audit.map((a) => a.detail)).toEqual([{ result: "steps_open", open: 4 }, { result: "ok" }]);
  });

  it("should close with open steps only by an explicit override, kept on the case and in the audit", async () => {
    const c = await claimed();
    ok(await f.service.updateStep(c.id, coordinator, "zvh", { kind: "done" }));
    const closed = ok(await f.service.close(c.id, coordinator, "Slachtoffer vertrokken", { override: true }));
    expect(closed.closed).toMatchObject({ openSteps: ["politie-of-nla", "zorgcoordinator", "vastleggen"] });
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.close");
    expect(audit.map((a) => a.detail)).toEqual([{ result: "ok", override: true, open: 3 }]);
    expect(await f.service.updateStep(c.id, coordinator, "vastleggen", { kind: "done" })).toMatchObject({
      status: "closed",
    });
  });

  it("should switch the playbook and keep the state of steps the two share", async () => {
    const c = await claimed();
    ok(
      await f.service.updateStep(c.id, coordinator, "vastleggen", { kind: "note", text: "Gesprek gepland" }),
    );
    ok(await f.service.updateStep(c.id, coordinator, "vastleggen", { kind: "done" }));
    const switched = ok(await f.service.switchPlaybook(c.id, coordinator2, "minderjarige"));
    expect(switched.playbook?.id).toBe("minderjarige");
    expect(states(switched)).toEqual(["veilig-thuis:open", "vastleggen:done"]);
    expect(switched.playbook?.steps[1]?.notes).toHaveLength(1);
    expect(await f.service.switchPlaybook(c.id, coordinator, "onbekend")).toMatchObject({
      status: "invalid",
    });
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.playbook");
    expect(audit.map((a) => a.detail)).toEqual([{ result: "ok", from: "arbeid", to: "minderjarige" }]);
  });

  it("should give a coordinator the referral and audit it; the summary names the reporter only when chosen", async () => {
    const c = await claimed();
    ok(await f.service.refer(c.id, coordinator, "arbeidsinspectie", "Graag contact met het meldpunt"));
    ok(await f.service.refer(c.id, coordinator, "politie", "", { withReporter: true }));
    expect(await f.service.referralFor(c.id, outsider, 0)).toEqual({ status: "forbidden" });
    expect(await f.service.referralFor(c.id, coordinator, 7)).toEqual({ status: "not_found" });
    const first = await f.service.referralFor(c.id, coordinator, 0);
    const second = await f.service.referralFor(c.id, coordinator, 1);
    if (first.status !== "ok" || second.status !== "ok") throw new Error("expected both referrals");
    const options = {
      lang: "nl" as const,
      signalLabel: (id: string) => `label ${id}`,
      partner: { naam: "Nederlandse Arbeidsinspectie", route: "Via het meldformulier" },
      contactPoint: "Meldpunt",
    };
    const without = referralSummary(first.case, first.referral, options);
    expect(without.text).toContain("Graag contact met het meldpunt");
    expect(without.text).toContain("label no-own-passport");
    expect(without.text).toContain("Via het meldformulier");
    for (const secret of [reporterIdentity.name, "via Teams", "Wijkteam"])
      expect(without.text).not.toContain(secret);
    const withReporter = referralSummary(second.case, second.referral, { ...options, partner: undefined });
    expect(withReporter.text).toContain(`${reporterIdentity.name}, Wijkteam, via Teams`);
    expect(withReporter.title).toContain("Politie");
    const audit = (await f.store.listAudit(c.id)).filter((a) => a.action === "case.summary");
    expect(audit.map((a) => [a.allowed, a.detail.result, a.detail.to ?? "-"])).toEqual([
      [false, "forbidden", "-"],
      [false, "not_found", "-"],
      [true, "ok", "arbeidsinspectie"],
      [true, "ok", "politie"],
    ]);
  });

  it("should leave cases without playbooks when none are loaded, and close them as before", async () => {
    const plain = await serviceFixture();
    try {
      const s = await plain.service.submitReport(draft, assessment, reporterIdentity, "plain");
      if (s.status !== "created") throw new Error(s.status);
      const c = ok(await plain.service.claim(s.case.id, coordinator));
      expect(c.playbook).toBeUndefined();
      expect(await plain.service.close(c.id, coordinator, "Klaar")).toMatchObject({ status: "ok" });
    } finally {
      await plain.cleanup();
    }
  });
});
