import type { CaseRecord } from "../../src/cases/case-schema.js";
import {
  assessment,
  coordinator,
  coordinator2,
  draft,
  outsider,
  reporterActor,
  reporterIdentity,
  serviceFixture,
} from "../fixtures/cases/service.js";

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

describe("case service", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await serviceFixture();
  });
  afterEach(() => f.cleanup());

  async function submit(requestId = "req-1", extra: { urgent?: boolean } = {}): Promise<CaseRecord> {
    const result = await f.service.submitReport(draft, assessment, reporterIdentity, requestId, extra);
    if (result.status !== "created") throw new Error(`expected created, got ${result.status}`);
    return result.case;
  }

  /** The queued notices since the last call, as "event>target"; they count as delivered afterwards. */
  async function pendingTargets() {
    const at = new Date("2030-01-01T00:00:00Z");
    const items = await f.store.claimDue(at, 100, 1000);
    for (const item of items) await f.store.markDelivered(item.id, {}, at);
    return items.map(
      (i) => `${i.event}>${i.target.kind === "user" ? `user:${i.target.userId}` : i.target.kind}`,
    );
  }

  describe("submitReport", () => {
    it("should create a numbered case with trimmed fields and queue the channel and on-duty notices", async () => {
      const created = await submit();
      expect(created).toMatchObject({
        number: "MH-2026-0001",
        outcome: "ESCALATE",
        description: "Acht mannen wonen in een schuur naast het bedrijf.",
        reporter: { userId: "user-reporter", department: "wijkteam", contact: "via Teams" },
        status: "new",
        urgent: false,
      });
      expect((await pendingTargets()).sort()).toEqual(["case.created>channel", "case.created>user:coord-1"]);
      expect((await f.store.listAudit(created.id)).map((a) => [a.action, a.allowed])).toEqual([
        ["case.create", true],
      ]);
    });

    it("should return the first case for a double-clicked submit and queue nothing new", async () => {
      const first = await submit();
      const again = await f.service.submitReport(draft, assessment, reporterIdentity, "req-1");
      expect(again).toEqual({ status: "duplicate", case: first });
      expect(await pendingTargets()).toHaveLength(2);
    });

    it("should not hand another reporter's case back for a replayed request id", async () => {
      const first = await submit();
      const other = await f.service.submitReport(draft, assessment, { userId: "u2", name: "B" }, "req-1");
      expect(other.status).toBe("created");
      expect(other.status === "created" && other.case.id).not.toBe(first.id);
    });

    it("should reject a draft with control characters, an empty or a too long description", async () => {
      const results = await Promise.all([
        f.service.submitReport({ ...draft, description: "a\u0007b" }, undefined, reporterIdentity, "r1"),
        f.service.submitReport({ ...draft, description: "   " }, undefined, reporterIdentity, "r2"),
        f.service.submitReport(
          { ...draft, description: "x".repeat(2001) },
          undefined,
          reporterIdentity,
          "r3",
        ),
        f.service.submitReport({ ...draft, department: "politie" }, undefined, reporterIdentity, "r4"),
      ]);
      expect(results.map((r) => r.status)).toEqual(["invalid", "invalid", "invalid", "invalid"]);
      expect(results[0]).toEqual({ status: "invalid", issues: ["description: contains control characters"] });
      expect(results[3]?.status === "invalid" && results[3].issues[0]).toMatch(/^department:/);
    });

    it("should mark ACUTE cases and cases reported after the 112 advice as urgent", async () => {
      const acute = await f.service.submitReport(
        draft,
        { ...assessment, outcome: "ACUTE" },
        reporterIdentity,
        "a",
      );
      const flagged = await submit("b", { urgent: true });
      const plain = await f.service.submitReport(draft, undefined, reporterIdentity, "c");
      expect(acute.status === "created" && acute.case.urgent).toBe(true);
      expect(flagged.urgent).toBe(true);
      expect(plain.status === "created" && [plain.case.urgent, plain.case.outcome]).toEqual([false, "NONE"]);
    });
  });

  describe("actions", () => {
    it("should let a coordinator claim and tell the reporter; a second claimer sees who has it", async () => {
      const c = await submit();
      await pendingTargets();
      const claimed = await f.service.claim(c.id, coordinator);
      expect(claimed).toMatchObject({
        status: "ok",
        case: { status: "claimed", claimedBy: coordinator, seq: 2 },
      });
      expect((await pendingTargets()).sort()).toEqual([
        "case.updated>channel",
        "reporter.status>user:user-reporter",
      ]);
      const second = await f.service.claim(c.id, coordinator2);
      expect(second).toMatchObject({ status: "already_claimed", by: coordinator });
    });

    it("should let exactly one of two simultaneous claims win", async () => {
      const c = await submit();
      const results = await Promise.all([
        f.service.claim(c.id, coordinator),
        f.service.claim(c.id, coordinator2),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual(["already_claimed", "ok"]);
      const winner = results.find((r) => r.status === "ok");
      const loser = results.find((r) => r.status === "already_claimed");
      expect(loser?.status === "already_claimed" && loser.by).toEqual(
        winner?.status === "ok" ? winner.case.claimedBy : undefined,
      );
    });

    it("should refuse a non-coordinator politely and audit the attempt", async () => {
      const c = await submit();
      expect(await f.service.claim(c.id, outsider)).toEqual({ status: "forbidden" });
      expect(await f.service.close(c.id, reporterActor, "klaar")).toEqual({ status: "forbidden" });
      expect(await f.service.listOpen(outsider)).toEqual({ status: "forbidden" });
      const refused = (await f.store.listAudit(c.id)).filter((a) => !a.allowed);
      expect(refused.map((a) => [a.action, a.actor.id, a.detail.result])).toEqual([
        ["case.claim", "user-x", "forbidden"],
        ["case.close", "user-reporter", "forbidden"],
      ]);
      expect((await f.store.getCase(c.id))?.status).toBe("new");
    });

    it("should bound what a click can put in the audit: a huge case id and a huge display name", async () => {
      const c = await submit();
      const hugeId = "x".repeat(100_000);
      expect(await f.service.claim(hugeId, outsider)).toEqual({ status: "not_found" });
      const loose = await f.store.listAudit("(invalid)");
      expect(loose.map((a) => [a.action, a.allowed, a.detail.result])).toEqual([
        ["case.claim", false, "not_found"],
      ]);
      expect(JSON.stringify(loose).length).toBeLessThan(2000);
      const longName = { id: "user-x", name: "N".repeat(200_000) };
      expect(await f.service.claim(c.id, longName)).toEqual({ status: "forbidden" });
      const refused = (await f.store.listAudit(c.id)).filter((a) => !a.allowed);
      expect(refused[0]?.actor.name).toHaveLength(100);
    });

    it("should relay a question to the reporter and store only the reporter's answer, once", async () => {
      const c = await submit();
      await pendingTargets();
      const asked = await f.service.askMore(c.id, coordinator, "Hoeveel mensen woonden er?");
      if (asked.status !== "ok") throw new Error(asked.status);
      const question = asked.case.questions[0]!;
      expect(await pendingTargets()).toContain("reporter.question>user:user-reporter");
      expect(await f.service.answerQuestion(c.id, outsider, question.id, "acht")).toEqual({
        status: "forbidden",
      });
      const answered = await f.service.answerQuestion(c.id, reporterActor, question.id, " Ongeveer acht. ");
      expect(answered).toMatchObject({ status: "ok", case: { questions: [{ answer: "Ongeveer acht." }] } });
      expect((await pendingTargets()).sort()).toEqual(["case.answered>user:coord-1", "case.updated>channel"]);
      const twice = await f.service.answerQuestion(c.id, reporterActor, question.id, "negen");
      expect(twice.status).toBe("already_answered");
      expect(await f.service.answerQuestion(c.id, reporterActor, "nope", "x")).toEqual({
        status: "not_found",
      });
    });

    it("should refer to a known partner only, and close with a reason, after which actions are refused", async () => {
      const c = await submit();
      expect((await f.service.refer(c.id, coordinator, "interpol", "")).status).toBe("invalid");
      const referred = await f.service.refer(
        c.id,
        coordinator,
        "arbeidsinspectie",
        "Doorgezet via meldformulier",
      );
      expect(referred).toMatchObject({
        status: "ok",
        case: { status: "referred", referrals: [{ to: "arbeidsinspectie" }] },
      });
      expect((await f.service.close(c.id, coordinator, "  ")).status).toBe("invalid");
      const closed = await f.service.close(c.id, coordinator, "Overgedragen aan de Arbeidsinspectie");
      expect(closed).toMatchObject({ status: "ok", case: { status: "closed", closed: { by: coordinator } } });
      expect((await f.service.claim(c.id, coordinator2)).status).toBe("closed");
      expect((await f.service.askMore(c.id, coordinator, "nog iets?")).status).toBe("closed");
    });

    it("should record an outcome override with its reason", async () => {
      const c = await submit();
      const result = await f.service.overrideOutcome(
        c.id,
        coordinator,
        "CONSULT",
        "Eerder bekend, geen nieuwe feiten",
      );
      expect(result).toMatchObject({
        status: "ok",
        case: { outcome: "ESCALATE", outcomeOverride: { outcome: "CONSULT" } },
      });
      expect((await f.service.overrideOutcome(c.id, coordinator, "MAYBE", "x")).status).toBe("invalid");
    });

    it("should report an unknown case as not found and audit it", async () => {
      expect(await f.service.claim("00000000-0000-4000-8000-000000000000", coordinator)).toEqual({
        status: "not_found",
      });
      expect(await f.store.listAudit("00000000-0000-4000-8000-000000000000")).toHaveLength(1);
    });

    it("should keep an audit trail of every step: who, what, when", async () => {
      const c = await submit();
      await f.service.claim(c.id, coordinator);
      f.clock.advance(60_000);
      const asked = await f.service.askMore(c.id, coordinator, "Wanneer precies?");
      const qid = asked.status === "ok" ? asked.case.questions[0]!.id : "";
      await f.service.answerQuestion(c.id, reporterActor, qid, "Om 7 uur.");
      await f.service.refer(c.id, coordinator, "politie", "");
      await f.service.close(c.id, coordinator, "Doorverwezen");
      const trail = await f.store.listAudit(c.id);
      expect(trail.map((a) => [a.action, a.actor.id, a.allowed])).toEqual([
        ["case.create", "user-reporter", true],
        ["case.claim", "coord-1", true],
        ["case.ask", "coord-1", true],
        ["case.answer", "user-reporter", true],
        ["case.refer", "coord-1", true],
        ["case.close", "coord-1", true],
      ]);
      expect(trail[2]?.at).toBe("2026-03-02T09:01:00.000Z");
      // Details hold ids and codes only: no question, answer, note or reason text.
      expect(JSON.stringify(trail)).not.toMatch(/Wanneer|7 uur|Doorverwezen/);
    });

    it("should list a reporter's cases and, for coordinators, the open ones", async () => {
      const a = await submit("a");
      const b = await submit("b");
      await f.service.close(a.id, coordinator, "klaar");
      expect((await f.service.listForReporter("user-reporter")).map((c) => c.id).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      const open = await f.service.listOpen(coordinator);
      expect(open.status === "ok" && open.cases.map((c) => c.id)).toEqual([b.id]);
    });
  });

  describe("remindOverdue", () => {
    const settings = { escalateHours: 4, consultWorkdays: 2 };

    it("should re-announce an unclaimed ESCALATE case after 4 hours to channel and fallback, once", async () => {
      const c = await submit();
      const claimedOne = await submit("other");
      await f.service.claim(claimedOne.id, coordinator);
      await pendingTargets();
      f.clock.advance(4 * 3600_000 - 1);
      expect(await f.service.remindOverdue(settings)).toEqual({ reminded: [] });
      f.clock.advance(1);
      expect(await f.service.remindOverdue(settings)).toEqual({ reminded: [c.id] });
      expect((await pendingTargets()).sort()).toEqual(["case.reminder>channel", "case.reminder>fallback"]);
      f.clock.advance(3600_000);
      expect(await f.service.remindOverdue(settings)).toEqual({ reminded: [] });
      expect((await f.store.listAudit(c.id)).map((a) => [a.action, a.actor.id])).toContainEqual([
        "case.remind",
        "system",
      ]);
    });
  });
});

describe("case service with the signals module's assessment", () => {
  it("should keep the Dutch reasons of a bilingual assessment", async () => {
    const f = await serviceFixture();
    try {
      const bilingual = {
        ...assessment,
        reasons: { nl: ["Twee sterke signalen."], en: ["Two strong signals."] },
      };
      const result = await f.service.submitReport(draft, bilingual, reporterIdentity, "bi");
      expect(result.status === "created" && result.case.reasons).toEqual(["Twee sterke signalen."]);
    } finally {
      await f.cleanup();
    }
  });
});
