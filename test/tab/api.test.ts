import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import restify from "restify";
import { ReferralTarget, type CaseRecord } from "../../src/cases/case-schema.js";
import type { Playbook } from "../../src/cases/playbook-schema.js";
import { repoRoot } from "../../src/config.js";
import type { PartnerSettings } from "../../src/knowledge/topic-schema.js";
import { loadSignalCatalogue } from "../../src/signals/catalogue.js";
import { mountTab } from "../../src/tab/api.js";
import { entraAuthenticator, issuersOf } from "../../src/tab/auth.js";
import {
  assessment,
  coordinator,
  draft,
  outsider,
  reporterIdentity,
  serviceFixture,
} from "../fixtures/cases/service.js";

const TENANT = "11111111-2222-4333-8444-555555555555";
const APP_ID = "00000000-aaaa-4bbb-8ccc-dddddddddddd";
const AUDIENCE = `api://bot.example.org/${APP_ID}`;

const text = (nl: string) => ({ nl, en: `${nl} (en)` });
const step = (id: string, partner?: ReferralTarget, topic?: string) => ({
  id,
  title: text(`Stap ${id}`),
  why: text(`Waarom ${id}`),
  ...(partner ? { partner } : {}),
  ...(topic ? { topic } : {}),
});
const playbook = (id: string, when: Playbook["when"], steps: Playbook["steps"]): Playbook => ({
  id,
  title: text(`Draaiboek ${id}`),
  summary: text(`Voor ${id}`),
  when,
  steps,
  sources: ["BRIEF.md §3"],
  reviewed: "2026-12-03",
});
/** The test's playbooks: a labour case gets `arbeid`; `algemeen` shares its last step. */
const PLAYBOOKS = [
  playbook("algemeen", { fallback: true }, [step("overleg", "zorgcoordinator"), step("vastleggen")]),
  playbook("arbeid", { forms: ["labour"] }, [
    step("nla", "arbeidsinspectie", "arbeidsinspectie"),
    step("politie", "politie", "onbekend-onderwerp"),
    step("vastleggen"),
  ]),
  playbook("minderjarige", { minor: true }, [step("veilig-thuis", "veilig-thuis"), step("vastleggen")]),
];
/** Partner settings with a name and route per partner that the tests can recognise; the police has a phone. */
const PARTNERS = Object.fromEntries(
  ReferralTarget.options.map((id) => [
    id,
    {
      naam: `Partner ${id}`,
      route: `Route naar ${id}`,
      ...(id === "politie" ? { telefoon: "0900-8844", website: "https://www.politie.nl/" } : {}),
    },
  ]),
) as PartnerSettings;
const TOPIC_TITLES = new Map([["arbeidsinspectie", text("De Arbeidsinspectie")]]);
const CONTACT_POINT = "Meldpunt Testgemeente";

/** A local signing key set served on loopback, like Entra ID's discovery keys. */
async function keySet() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  let fetches = 0;
  const server: Server = createHttpServer((_req, res) => {
    fetches += 1;
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  const sign = (
    claims: Record<string, unknown>,
    options: { key?: "own" | "other"; expired?: boolean } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const { aud, iss, ...rest } = claims as { aud?: string; iss?: string };
    return new SignJWT({ tid: TENANT, oid: coordinator.id, name: coordinator.name, ...rest })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(iss ?? issuersOf(TENANT)[0]!)
      .setAudience(aud ?? AUDIENCE)
      .setIssuedAt(now - 600)
      .setExpirationTime(options.expired ? now - 300 : now + 3600)
      .sign(options.key === "other" ? other.privateKey : privateKey);
  };
  return { url, sign, fetches: () => fetches, close: () => new Promise((r) => server.close(r)) };
}

describe("tab API", () => {
  let keys: Awaited<ReturnType<typeof keySet>>;
  let fixture: Awaited<ReturnType<typeof serviceFixture>>;
  let server: restify.Server;
  let base: string;
  let caseId: string;

  beforeAll(async () => {
    keys = await keySet();
  });
  afterAll(() => keys.close());

  beforeEach(async () => {
    fixture = await serviceFixture(undefined, {
      formsOf: () => ["labour"],
      playbooks: {
        list: PLAYBOOKS,
        factsOf: (c: CaseRecord) => ({
          minor: false,
          locationOnly: false,
          acute: c.outcome === "ACUTE",
          forms: c.forms ?? [],
        }),
      },
    });
    const created = await fixture.service.submitReport(draft, assessment, reporterIdentity, "req-1");
    if (created.status !== "created") throw new Error("no case");
    caseId = created.case.id;
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.queryParser({ mapParams: false }));
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    mountTab(server, {
      authenticate: entraAuthenticator({
        jwksUrl: keys.url,
        audiences: [AUDIENCE, APP_ID],
        tenants: [TENANT],
      }),
      cases: fixture.service,
      store: fixture.store,
      catalogue: await loadSignalCatalogue(`${repoRoot}/dialogs/signals.yaml`),
      treeTitles: new Map([["algemeen", { nl: "Algemene check", en: "General check" }]]),
      topicTitles: TOPIC_TITLES,
      partners: PARTNERS,
      contactPoint: CONTACT_POINT,
      coordinators: { ids: [coordinator.id], onDuty: [] },
      reminders: { escalateHours: 24, consultWorkdays: 2 },
      minCell: 5,
      clock: () => fixture.clock.now(),
      root: repoRoot,
      logger: fixture.logger,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.close();
    await fixture.cleanup();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field below.
  const get = async (path: string, token?: string): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return {
      status: res.status,
      body: res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text(),
    };
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as `get`.
  const post = async (path: string, token: string, body: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it("should refuse every token that is not a valid one of the allowed tenant, with 401 and a JSON error", async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({
        tid: TENANT,
        oid: coordinator.id,
        aud: AUDIENCE,
        iss: issuersOf(TENANT)[0],
        exp: 9e9,
      }),
    ).toString("base64url")}.`;
    const refused = {
      "no token": undefined,
      "an unsigned token": unsigned,
      "a token signed by another key": await keys.sign({}, { key: "other" }),
      "a wrong audience": await keys.sign({ aud: "api://elsewhere/1" }),
      "a wrong tenant": await keys.sign({ tid: "99999999-2222-4333-8444-555555555555" }),
      "an issuer of another tenant": await keys.sign({
        iss: issuersOf("99999999-2222-4333-8444-555555555555")[0],
      }),
      "an expired token": await keys.sign({}, { expired: true }),
    };
    for (const [what, token] of Object.entries(refused)) {
      const answer = await get("/api/tab/cases", token);
      expect([what, answer.status, answer.body]).toEqual([what, 401, { error: "unauthorized" }]);
    }
  });

  it("should answer 403 to a valid token of someone who is not a coordinator, and audit it", async () => {
    const token = await keys.sign({ oid: outsider.id, name: outsider.name });
    expect(await get("/api/tab/me", token)).toMatchObject({
      status: 200,
      body: { coordinator: false, development: false },
    });
    expect(await get("/api/tab/cases", token)).toEqual({ status: 403, body: { status: "forbidden" } });
    expect(await get(`/api/tab/cases/${caseId}`, token)).toMatchObject({ status: 403 });
    expect(await get("/api/tab/insight", token)).toMatchObject({ status: 403 });
    const trail = await fixture.store.listAudit(caseId);
    expect(trail.some((e) => e.action === "case.view" && !e.allowed && e.actor.id === outsider.id)).toBe(
      true,
    );
  });

  it("should list, show (audited) and act on a case for a coordinator, through the case service", async () => {
    const token = await keys.sign({});
    const list = await get("/api/tab/cases", token);
    expect(list.status).toBe(200);
    expect(list.body.cases).toEqual([
      expect.objectContaining({
        id: caseId,
        outcome: "ESCALATE",
        status: "new",
        department: "wijkteam",
        overdue: false,
      }),
    ]);
    const shown = await get(`/api/tab/cases/${caseId}`, token);
    expect(shown.body.case).toMatchObject({
      description: draft.description.trim(),
      reporter: { name: "Rita" },
    });
    expect(shown.body.audit.map((e: { action: string }) => e.action)).toEqual(["case.create", "case.view"]);
    const claimed = await post(`/api/tab/cases/${caseId}/claim`, token, {});
    expect(claimed).toMatchObject({
      status: 200,
      body: { status: "ok", case: { status: "claimed", claimedBy: "Coby" } },
    });
    expect(await post(`/api/tab/cases/${caseId}/claim`, token, {})).toEqual({
      status: 409,
      body: { status: "already_claimed", by: "Coby" },
    });
    expect(await post(`/api/tab/cases/${caseId}/close`, token, { reason: "" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["closeReason"] },
    });
    expect(
      await post(`/api/tab/cases/${caseId}/refer`, token, { to: "politie", note: "AVIM" }),
    ).toMatchObject({
      status: 200,
      body: { case: { status: "referred", referrals: [{ to: "politie", by: "Coby" }] } },
    });
    // The action queued the channel card's update, as a click on the card does.
    expect((await fixture.store.claimDue(fixture.clock.now(), 20, 1000)).map((i) => i.event)).toContain(
      "case.updated",
    );
    expect(await post(`/api/tab/cases/${caseId}/bogus`, token, {})).toMatchObject({ status: 404 });
    expect(await get("/api/tab/cases/not-a-case", token)).toMatchObject({ status: 404 });
  });

  it("should give the insight tables suppressed, and the same numbers as CSV", async () => {
    const token = await keys.sign({});
    const insight = await get("/api/tab/insight?from=2026-01&to=2026-03", token);
    expect(insight.body.months).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(insight.body.labels.trees).toEqual({ algemeen: { nl: "Algemene check", en: "General check" } });
    expect(insight.body.labels.signals.debt_bondage.nl).toEqual(expect.any(String));
    const byOutcome = insight.body.tables.find((t: { id: string }) => t.id === "casesByOutcome");
    expect(byOutcome.rows).toEqual([{ key: "ESCALATE", cells: [0, 0, "suppressed"], total: "suppressed" }]);
    const csv = await get("/api/tab/insight.csv?from=2026-01&to=2026-03", token);
    expect(csv.body).toContain("casesByOutcome,ESCALATE,2026-03,<5\n");
    expect(await get("/api/tab/insight?from=2026-13", token)).toMatchObject({ status: 200 });
  });

  /** Claims the case through the tab (it gets the labour playbook) and returns the coordinator's token. */
  const claimed = async () => {
    const token = await keys.sign({});
    expect((await post(`/api/tab/cases/${caseId}/claim`, token, {})).status).toBe(200);
    return token;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field.
  const stepOf = (answer: { body: any }, id: string) =>
    answer.body.case.playbook.steps.find((s: { id: string }) => s.id === id);

  it("should show the playbook with each step's texts, partner route and topic, and the playbooks to switch to", async () => {
    const token = await keys.sign({});
    const before = await get(`/api/tab/cases/${caseId}`, token);
    expect(before.body.case.playbook).toBeUndefined();
    expect(before.body.case.playbookChoices.map((p: { id: string }) => p.id)).toEqual([
      "algemeen",
      "arbeid",
      "minderjarige",
    ]);
    await claimed();
    const shown = await get(`/api/tab/cases/${caseId}`, token);
    expect(shown.body.case.playbook).toEqual({
      id: "arbeid",
      title: text("Draaiboek arbeid"),
      summary: text("Voor arbeid"),
      attachedBy: "Coby",
      attachedAt: fixture.clock.now().toISOString(),
      steps: [
        {
          id: "nla",
          title: text("Stap nla"),
          why: text("Waarom nla"),
          partner: {
            id: "arbeidsinspectie",
            name: "Partner arbeidsinspectie",
            route: "Route naar arbeidsinspectie",
          },
          topic: { id: "arbeidsinspectie", title: text("De Arbeidsinspectie") },
          state: "open",
          referral: false,
          notes: [],
        },
        {
          id: "politie",
          title: text("Stap politie"),
          why: text("Waarom politie"),
          partner: {
            id: "politie",
            name: "Partner politie",
            route: "Route naar politie",
            telefoon: "0900-8844",
            website: "https://www.politie.nl/",
          },
          // A topic the titles do not know is still named by its id.
          topic: { id: "onbekend-onderwerp" },
          state: "open",
          referral: false,
          notes: [],
        },
        {
          id: "vastleggen",
          title: text("Stap vastleggen"),
          why: text("Waarom vastleggen"),
          state: "open",
          referral: false,
          notes: [],
        },
      ],
    });
    expect(shown.body.case.playbookChoices).toEqual([
      { id: "algemeen", title: text("Draaiboek algemeen") },
      { id: "minderjarige", title: text("Draaiboek minderjarige") },
    ]);
  });

  it("should tick, skip with a reason, annotate and reopen a step, and refuse what does not fit", async () => {
    const token = await claimed();
    const act = (body: unknown) => post(`/api/tab/cases/${caseId}/step`, token, body);
    fixture.clock.advance(60_000);
    const done = await act({ stepId: "nla", change: "done" });
    expect(done.status).toBe(200);
    expect(stepOf(done, "nla")).toMatchObject({
      state: "done",
      by: "Coby",
      at: fixture.clock.now().toISOString(),
    });

    expect(await act({ stepId: "politie", change: "skip" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["skipReason"] },
    });
    expect(await act({ stepId: "politie", change: "skip", text: "   " })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["skipReason"] },
    });
    const skipped = await act({ stepId: "politie", change: "skip", text: "De politie was al betrokken." });
    expect(stepOf(skipped, "politie")).toMatchObject({
      state: "skipped",
      reason: "De politie was al betrokken.",
    });

    const noted = await act({ stepId: "vastleggen", change: "note", text: "Besluit staat in het dossier." });
    expect(stepOf(noted, "vastleggen")).toMatchObject({
      state: "open",
      notes: [{ text: "Besluit staat in het dossier.", by: "Coby" }],
    });
    expect(await act({ stepId: "vastleggen", change: "note", text: "" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["stepNote"] },
    });

    const reopened = await act({ stepId: "politie", change: "reopen" });
    const politie = stepOf(reopened, "politie") as { state: string; reason?: string; by?: string };
    expect([politie.state, politie.reason, politie.by]).toEqual(["open", undefined, "Coby"]);

    expect(await act({ stepId: "bestaat-niet", change: "done" })).toEqual({
      status: 409,
      body: { status: "no_step" },
    });
    expect(await act({ stepId: "nla", change: "verwijderen" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["change"] },
    });
    expect(await act({ stepId: "x".repeat(101), change: "done" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["stepId"] },
    });
    // The most notes a step may have (MAX_STEP_NOTES), then no more.
    for (let i = 1; i < 20; i++) {
      expect((await act({ stepId: "vastleggen", change: "note", text: `Notitie ${i}` })).status).toBe(200);
    }
    expect(await act({ stepId: "vastleggen", change: "note", text: "Eén te veel" })).toEqual({
      status: 409,
      body: { status: "step_full" },
    });
    const steps = (await fixture.store.listAudit(caseId)).filter((e) => e.action === "case.step");
    expect(steps.filter((e) => e.detail.result === "ok")).toHaveLength(4 + 19);
    expect(steps.filter((e) => e.detail.result !== "ok").map((e) => e.detail.result)).toEqual([
      "no_step",
      "step_full",
    ]);
  });

  it("should switch the playbook, keeping shared steps, and refuse an unknown one", async () => {
    const token = await claimed();
    await post(`/api/tab/cases/${caseId}/step`, token, { stepId: "vastleggen", change: "done" });
    expect(await post(`/api/tab/cases/${caseId}/playbook`, token, { playbookId: "bestaat-niet" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["playbook"] },
    });
    expect(await post(`/api/tab/cases/${caseId}/playbook`, token, {})).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["playbookId"] },
    });
    const switched = await post(`/api/tab/cases/${caseId}/playbook`, token, { playbookId: "algemeen" });
    expect(switched.status).toBe(200);
    expect(switched.body.case.playbook.id).toBe("algemeen");
    expect(
      switched.body.case.playbook.steps.map((s: { id: string; state: string }) => `${s.id}:${s.state}`),
    ).toEqual(["overleg:open", "vastleggen:done"]);
    expect(switched.body.case.playbookChoices.map((p: { id: string }) => p.id)).toEqual([
      "arbeid",
      "minderjarige",
    ]);
    const audit = (await fixture.store.listAudit(caseId)).filter((e) => e.action === "case.playbook");
    expect(audit.map((e) => [e.detail.result, e.detail.to ?? "-"])).toEqual([["ok", "algemeen"]]);
  });

  it("should refuse to close while steps are open, naming them, and close with an explicit override", async () => {
    const token = await claimed();
    await post(`/api/tab/cases/${caseId}/step`, token, { stepId: "nla", change: "done" });
    expect(await post(`/api/tab/cases/${caseId}/close`, token, { reason: "Klaar", override: false })).toEqual(
      {
        status: 409,
        body: {
          status: "steps_open",
          open: [
            { id: "politie", title: text("Stap politie") },
            { id: "vastleggen", title: text("Stap vastleggen") },
          ],
        },
      },
    );
    expect(await post(`/api/tab/cases/${caseId}/close`, token, { reason: "Klaar", override: "ja" })).toEqual({
      status: 400,
      body: { status: "invalid", issues: ["override"] },
    });
    expect((await get(`/api/tab/cases/${caseId}`, token)).body.case.status).toBe("claimed");
    const closed = await post(`/api/tab/cases/${caseId}/close`, token, { reason: "Klaar", override: true });
    expect(closed).toMatchObject({
      status: 200,
      body: {
        case: {
          status: "closed",
          closed: { reason: "Klaar", by: "Coby", openSteps: ["politie", "vastleggen"] },
        },
      },
    });
    const audit = (await fixture.store.listAudit(caseId)).filter((e) => e.action === "case.close");
    expect(audit.map((e) => [e.detail.result, e.detail.override ?? false])).toEqual([
      ["steps_open", false],
      ["ok", true],
    ]);
    expect(await post(`/api/tab/cases/${caseId}/step`, token, { stepId: "politie", change: "done" })).toEqual(
      {
        status: 409,
        body: { status: "closed" },
      },
    );
  });

  it("should refer with or without the reporter's details, tick the partner's step, and give audited summaries", async () => {
    const token = await claimed();
    const first = await post(`/api/tab/cases/${caseId}/refer`, token, {
      to: "arbeidsinspectie",
      note: "Graag bellen",
    });
    expect(first.body.case.referrals).toEqual([
      expect.objectContaining({ index: 0, to: "arbeidsinspectie", withReporter: false }),
    ]);
    expect(stepOf(first, "nla")).toMatchObject({ state: "done", referral: true });
    const second = await post(`/api/tab/cases/${caseId}/refer`, token, { to: "politie", withReporter: true });
    expect(second.body.case.referrals[1]).toMatchObject({ index: 1, to: "politie", withReporter: true });
    expect(
      await post(`/api/tab/cases/${caseId}/refer`, token, { to: "politie", withReporter: 1 }),
    ).toMatchObject({
      status: 400,
      body: { issues: ["withReporter"] },
    });

    const without = await get(`/api/tab/cases/${caseId}/referrals/0/summary`, token);
    expect(without.status).toBe(200);
    const number = first.body.case.number as string;
    expect(without.body.title).toBe(`Doorverwijzing ${number} aan Partner arbeidsinspectie`);
    expect(without.body.lines[0]).toEqual({ label: "Route", value: "Route naar arbeidsinspectie" });
    expect(without.body.text).toContain("Graag bellen");
    expect(without.body.text).toContain(CONTACT_POINT);
    // Signal ids the catalogue does not know are named by their id.
    expect(without.body.text).toContain("Signalen: no-own-passport; debt-to-employer");
    expect(without.body.text).toContain("Niet meegestuurd");
    for (const secret of ["Rita", "via Teams", "Wijkteam"]) expect(without.body.text).not.toContain(secret);

    const withReporter = await get(`/api/tab/cases/${caseId}/referrals/1/summary?lang=en`, token);
    expect(withReporter.body.title).toBe(`Referral ${number} to Partner politie`);
    expect(withReporter.body.text).toContain("Rita");
    expect(withReporter.body.text).toContain("via Teams");

    // A known signal is named by the catalogue's label, in the summary's language.
    const other = await fixture.service.submitReport(
      draft,
      { ...assessment, signals: ["debt_bondage"] },
      reporterIdentity,
      "req-2",
    );
    if (other.status !== "created") throw new Error("no second case");
    await post(`/api/tab/cases/${other.case.id}/claim`, token, {});
    await post(`/api/tab/cases/${other.case.id}/refer`, token, { to: "riec" });
    const labelled = async (lang: string) =>
      (await get(`/api/tab/cases/${other.case.id}/referrals/0/summary?lang=${lang}`, token)).body.text;
    expect(await labelled("nl")).toContain("Signalen: Schuld houdt de persoon aan het werk\n");
    expect(await labelled("en")).toContain("A debt keeps the person working\n");

    expect(await get(`/api/tab/cases/${caseId}/referrals/2/summary`, token)).toEqual({
      status: 404,
      body: { status: "not_found" },
    });
    expect((await get(`/api/tab/cases/${caseId}/referrals/-1/summary`, token)).status).toBe(404);
    const outsiderToken = await keys.sign({ oid: outsider.id, name: outsider.name });
    expect(await get(`/api/tab/cases/${caseId}/referrals/0/summary`, outsiderToken)).toEqual({
      status: 403,
      body: { status: "forbidden" },
    });
    const audit = (await fixture.store.listAudit(caseId)).filter((e) => e.action === "case.summary");
    expect(audit.map((e) => [e.actor.id, e.allowed, e.detail.result, e.detail.index ?? "-"])).toEqual([
      [coordinator.id, true, "ok", 0],
      [coordinator.id, true, "ok", 1],
      [coordinator.id, false, "not_found", "-"],
      [coordinator.id, false, "not_found", "-"],
      [outsider.id, false, "forbidden", "-"],
    ]);
    // The detail shows each look at a summary in the audit trail.
    const trail = (await get(`/api/tab/cases/${caseId}`, token)).body.audit as Array<{ action: string }>;
    expect(trail.filter((a) => a.action === "case.summary")).toHaveLength(5);
  });

  it("should refuse the playbook actions to someone who is not a coordinator", async () => {
    await claimed();
    const token = await keys.sign({ oid: outsider.id, name: outsider.name });
    for (const [action, body] of [
      ["step", { stepId: "nla", change: "done" }],
      ["playbook", { playbookId: "algemeen" }],
      ["close", { reason: "Klaar", override: true }],
    ] as const) {
      expect([action, await post(`/api/tab/cases/${caseId}/${action}`, token, body)]).toEqual([
        action,
        { status: 403, body: { status: "forbidden" } },
      ]);
    }
    const c = await fixture.store.getCase(caseId);
    expect([c?.status, c?.playbook?.id, c?.playbook?.steps.map((s) => s.state)]).toEqual([
      "claimed",
      "arbeid",
      ["open", "open", "open"],
    ]);
  });

  it("should fetch the signing keys once and reuse them", async () => {
    const before = keys.fetches();
    const token = await keys.sign({});
    for (let i = 0; i < 3; i++) expect((await get("/api/tab/me", token)).status).toBe(200);
    expect(keys.fetches() - before).toBeLessThanOrEqual(1);
  });
});
