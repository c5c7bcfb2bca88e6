import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import restify from "restify";
import { repoRoot } from "../../src/config.js";
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
    fixture = await serviceFixture();
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
  const post = async (path: string, token: string, body: unknown) => {
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

  it("should fetch the signing keys once and reuse them", async () => {
    const before = keys.fetches();
    const token = await keys.sign({});
    for (let i = 0; i < 3; i++) expect((await get("/api/tab/me", token)).status).toBe(200);
    expect(keys.fetches() - before).toBeLessThanOrEqual(1);
  });
});
