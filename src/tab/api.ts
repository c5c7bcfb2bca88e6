/**
 * @module tab/api
 * The coordinators' tab: the page (`/tab`, its script and style) and its JSON API under `/api/tab`. Every API
 * call is authenticated (tab/auth) and, except `/me`, allowed to coordinators only (the case service's role rule:
 * refusals are audited there). Case actions go through the same case service and the same input limits as the
 * card, so the channel card is updated by the dispatcher after an action in the tab and the two never disagree;
 * that includes the follow-up playbook's steps and the referral summary a coordinator copies or prints (every
 * summary shown is audited by the service). Insight is the anonymous counters of the stores (insight/counters), suppressed (insight/report).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type restify from "restify";
import { z } from "zod";
import type { CaseActionResult } from "../cases/case-actions.js";
import { CASE_TEXT_LIMITS, type Actor, type CaseRecord } from "../cases/case-schema.js";
import type { CaseService } from "../cases/case-service.js";
import { isCoordinator, type Coordinators } from "../cases/coordinators.js";
import { referralSummary } from "../cases/referral-summary.js";
import { addMonths, insightCsv, insightReport, medianBucket, monthRange } from "../insight/report.js";
import { monthOf } from "../insight/counters.js";
import type { PartnerSettings } from "../knowledge/topic-schema.js";
import type { Logger } from "../log.js";
import type { ReminderSettings } from "../notify/reminders.js";
import type { SignalCatalogue } from "../signals/catalogue.js";
import type { CaseStore } from "../storage/case-store.js";
import { bundler, bundleRoute } from "../web/bundle.js";
import type { TabAuthenticator, TabIdentity } from "./auth.js";
import {
  auditLineView,
  caseDetailView,
  caseSummaryView,
  openStepsView,
  type CaseViewDeps,
} from "./case-detail.js";
import { placeLinksView } from "./place-detail.js";

/** What the tab needs. */
export interface TabDeps {
  authenticate: TabAuthenticator;
  cases: CaseService;
  store: CaseStore;
  catalogue: SignalCatalogue;
  /** The titles of the check trees, for the insight view's labels. */
  treeTitles: ReadonlyMap<string, { nl: string; en: string }>;
  /** The knowledge topics' titles, to name the topic that explains a playbook step. */
  topicTitles: ReadonlyMap<string, { nl: string; en: string }>;
  /** How the contact point reaches each partner (`partners` of the municipality settings). */
  partners: PartnerSettings;
  /** The contact point's name, the sender of a referral summary (`aanspreekpunt.naam` of the settings). */
  contactPoint: string;
  coordinators: Coordinators;
  reminders: ReminderSettings;
  minCell: number;
  clock: () => Date;
  /** The repository root, where `src/tab/web` lives. */
  root: string;
  logger: Logger;
}

/** At most this many closed cases are listed. */
const CLOSED_LIMIT = 200;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Period = z.object({ from: Month.optional(), to: Month.optional() });
const Lang = z.enum(["nl", "en"]).catch("nl");
/** The longest playbook or step id accepted (the case schema's bound). */
const ID_MAX = 100;

/** One case action: its body schema (bounds generous, the case service checks the real limits) and its call. */
const caseAction = <S extends z.ZodType>(
  body: S,
  run: (cases: CaseService, id: string, actor: Actor, input: z.infer<S>) => Promise<CaseActionResult>,
) => ({ body, run });

const ACTIONS = {
  claim: caseAction(z.object({}), (cases, id, actor) => cases.claim(id, actor)),
  ask: caseAction(
    z.object({ question: z.string().max(CASE_TEXT_LIMITS.question * 4) }),
    (cases, id, actor, b) => cases.askMore(id, actor, b.question),
  ),
  refer: caseAction(
    z.object({
      to: z.string().max(100),
      note: z
        .string()
        .max(CASE_TEXT_LIMITS.note * 4)
        .default(""),
      withReporter: z.boolean().optional(),
    }),
    (cases, id, actor, b) => cases.refer(id, actor, b.to, b.note, { withReporter: b.withReporter === true }),
  ),
  close: caseAction(
    z.object({ reason: z.string().max(CASE_TEXT_LIMITS.reason * 4), override: z.boolean().optional() }),
    (cases, id, actor, b) => cases.close(id, actor, b.reason, { override: b.override === true }),
  ),
  override: caseAction(
    z.object({ outcome: z.string().max(20), reason: z.string().max(CASE_TEXT_LIMITS.reason * 4) }),
    (cases, id, actor, b) => cases.overrideOutcome(id, actor, b.outcome, b.reason),
  ),
  step: caseAction(
    z.object({
      stepId: z.string().min(1).max(ID_MAX),
      change: z.enum(["done", "skip", "reopen", "note"]),
      text: z
        .string()
        .max(Math.max(CASE_TEXT_LIMITS.reason, CASE_TEXT_LIMITS.note) * 4)
        .optional(),
    }),
    (cases, id, actor, b) => cases.updateStep(id, actor, b.stepId, { kind: b.change, text: b.text }),
  ),
  playbook: caseAction(z.object({ playbookId: z.string().min(1).max(ID_MAX) }), (cases, id, actor, b) =>
    cases.switchPlaybook(id, actor, b.playbookId),
  ),
} as const;
type TabAction = keyof typeof ACTIONS;

/** Mounts the tab's page and API on `server`. */
export function mountTab(server: restify.Server, deps: TabDeps): void {
  const log = deps.logger.child({ module: "tab" });
  const web = join(deps.root, "src", "tab", "web");
  const script = bundler(join(web, "main.ts"));

  const insightLabels = {
    signals: Object.fromEntries(deps.catalogue.signals.map((s) => [s.id, s.label])),
    trees: Object.fromEntries(deps.treeTitles),
  };
  const signalLabels = new Map(deps.catalogue.signals.map((s) => [s.id, s.label]));

  const views: CaseViewDeps = {
    catalogue: deps.catalogue,
    reminders: deps.reminders,
    playbooks: () => deps.cases.playbooks(),
    partners: deps.partners,
    topicTitles: deps.topicTitles,
    now: () => deps.clock().getTime(),
  };
  const summary = (c: CaseRecord) => caseSummaryView(c, views);
  const detail = (c: CaseRecord) => caseDetailView(c, views);

  /** Authenticates; answers 401 / 503 itself and returns undefined when it did. */
  const caller = async (req: restify.Request, res: restify.Response) => {
    const result = await deps.authenticate(req.headers.authorization);
    if (!result.ok) {
      log.warn({ status: result.status, reason: result.reason }, "tab request not authenticated");
      res.send(result.status, { error: result.status === 401 ? "unauthorized" : "try again later" });
      return undefined;
    }
    return result;
  };

  /**
   * The caller when a coordinator; answers 403 itself otherwise, after letting the case service refuse (and
   * audit) the attempt: by default as a list, for one case as a view of that case.
   */
  const coordinator = async (
    req: restify.Request,
    res: restify.Response,
    refuse: (who: TabIdentity) => Promise<unknown> = (who) => deps.cases.listOpen(who),
  ): Promise<TabIdentity | undefined> => {
    const auth = await caller(req, res);
    if (!auth) return undefined;
    if (!isCoordinator(deps.coordinators, auth.identity.id)) {
      await refuse(auth.identity);
      res.send(403, { status: "forbidden" });
      return undefined;
    }
    return auth.identity;
  };

  const noStore = (res: restify.Response) => res.header("Cache-Control", "no-store");

  const staticFile = (name: string, type: string) => async (_req: restify.Request, res: restify.Response) => {
    try {
      const body = await readFile(join(web, name), "utf8");
      res.header("Content-Type", type);
      res.header("Cache-Control", "no-cache");
      securityHeaders(res);
      res.sendRaw(200, body);
    } catch {
      res.send(404, { error: "not found" });
    }
  };
  server.get("/tab", staticFile("index.html", "text/html; charset=utf-8"));
  // The channel tab's configuration page: the same page, which shows the configuration view at this path.
  server.get("/tab/config", staticFile("index.html", "text/html; charset=utf-8"));
  server.get("/tab/tab.css", staticFile("tab.css", "text/css; charset=utf-8"));
  server.get(
    "/tab/app.js",
    bundleRoute(script, securityHeaders, (error) =>
      log.error({ err: { name: (error as Error).name } }, "tab script could not be built"),
    ),
  );

  server.get("/api/tab/me", async (req, res) => {
    const auth = await caller(req, res);
    if (!auth) return;
    noStore(res);
    res.send(200, {
      user: auth.identity,
      coordinator: isCoordinator(deps.coordinators, auth.identity.id),
      development: auth.development,
    });
  });

  server.get("/api/tab/cases", async (req, res) => {
    const actor = await coordinator(req, res);
    if (!actor) return;
    const view = z
      .enum(["open", "closed", "all"])
      .catch("open")
      .parse((req.query as { view?: unknown })?.view);
    const open = view === "closed" ? undefined : await deps.cases.listOpen(actor);
    const closed = view === "open" ? [] : await deps.store.listClosed(CLOSED_LIMIT);
    const cases = [...(open?.status === "ok" ? open.cases : []), ...closed];
    noStore(res);
    res.send(200, { cases: cases.map(summary) });
  });

  server.get("/api/tab/cases/:id", async (req, res) => {
    const id = String(req.params.id ?? "");
    const actor = await coordinator(req, res, (who) => deps.cases.viewCase(id, who));
    if (!actor) return;
    const result = await deps.cases.viewCase(id, actor);
    noStore(res);
    if (result.status !== "ok") {
      res.send(result.status === "forbidden" ? 403 : 404, result);
      return;
    }
    // The other reports about its place: coordinators only (checked above), a hint that changes nothing.
    const places = placeLinksView(result.case, await deps.cases.placeLinks(result.case));
    res.send(200, { case: detail(result.case), audit: result.audit.map(auditLineView), places });
  });

  server.post("/api/tab/cases/:id/:action", async (req, res) => {
    const actor = await coordinator(req, res);
    if (!actor) return;
    const action = String(req.params.action ?? "");
    if (!Object.hasOwn(ACTIONS, action)) {
      res.send(404, { status: "not_found" });
      return;
    }
    const spec = ACTIONS[action as TabAction];
    const body = spec.body.safeParse(req.body ?? {});
    if (!body.success) {
      res.send(400, { status: "invalid", issues: body.error.issues.map((i) => i.path.join(".")) });
      return;
    }
    const id = String(req.params.id ?? "");
    // The union of the bodies is narrowed by `action`, which TypeScript cannot follow through the lookup.
    const run = spec.run as (
      cases: CaseService,
      id: string,
      actor: Actor,
      input: unknown,
    ) => Promise<CaseActionResult>;
    const result = await run(deps.cases, id, actor, body.data);
    log.info({ action, status: result.status }, "tab case action");
    noStore(res);
    switch (result.status) {
      case "ok":
        res.send(200, { status: "ok", case: detail(result.case) });
        return;
      case "already_claimed":
        res.send(409, { status: "already_claimed", by: result.by.name });
        return;
      case "closed":
      case "already_answered":
        res.send(409, { status: "closed" });
        return;
      case "invalid":
        res.send(400, { status: "invalid", issues: result.issues.map((i) => i.split(":")[0]) });
        return;
      case "forbidden":
        res.send(403, { status: "forbidden" });
        return;
      case "not_found":
        res.send(404, { status: "not_found" });
        return;
      case "steps_open":
        res.send(409, { status: "steps_open", open: openStepsView(result.case, result.open, views) });
        return;
      case "no_step":
        // The case is there but not the step or playbook (it was switched meanwhile): a conflict, like closed.
        res.send(409, { status: "no_step" });
        return;
      case "step_full":
        res.send(409, { status: "step_full" });
        return;
    }
  });

  server.get("/api/tab/cases/:id/referrals/:index/summary", async (req, res) => {
    const id = String(req.params.id ?? "");
    const raw = String(req.params.index ?? "");
    const index = /^\d{1,4}$/.test(raw) ? Number(raw) : -1;
    const actor = await coordinator(req, res, (who) => deps.cases.referralFor(id, who, index));
    if (!actor) return;
    // The service audits every request (case.summary): the summary carries case data out of the bot.
    const result = await deps.cases.referralFor(id, actor, index);
    noStore(res);
    if (result.status !== "ok") {
      res.send(result.status === "forbidden" ? 403 : 404, { status: result.status });
      return;
    }
    const lang = Lang.parse((req.query as { lang?: unknown } | undefined)?.lang);
    const partner = deps.partners[result.referral.to];
    res.send(
      200,
      referralSummary(result.case, result.referral, {
        lang,
        signalLabel: (signal) => signalLabels.get(signal)?.[lang] ?? signal,
        partner: { naam: partner.naam, route: partner.route },
        contactPoint: deps.contactPoint,
      }),
    );
  });

  const period = (req: restify.Request) => {
    const parsed = Period.safeParse(req.query ?? {});
    const to = (parsed.success && parsed.data.to) || monthOf(deps.clock().toISOString());
    const from = (parsed.success && parsed.data.from) || addMonths(to, -11);
    return from <= to ? monthRange(from, addMonths(from, 119) < to ? addMonths(from, 119) : to) : [];
  };

  /** The suppressed tables of the asked period for a coordinator; answers 400 / 401 / 403 itself. */
  const insightFor = async (req: restify.Request, res: restify.Response) => {
    const actor = await coordinator(req, res);
    if (!actor) return undefined;
    const months = period(req);
    if (months.length === 0) {
      res.send(400, { status: "invalid", issues: ["from", "to"] });
      return undefined;
    }
    noStore(res);
    return {
      months,
      tables: insightReport(await deps.store.insightCounters(), { minCell: deps.minCell, months }),
    };
  };

  server.get("/api/tab/insight", async (req, res) => {
    const insight = await insightFor(req, res);
    if (!insight) return;
    const table = (id: string) => insight.tables.find((t) => t.id === id);
    res.send(200, {
      minCell: deps.minCell,
      ...insight,
      labels: insightLabels,
      medians: {
        claimHours: table("claimHours") && medianBucket(table("claimHours")!),
        closeDays: table("closeDays") && medianBucket(table("closeDays")!),
      },
    });
  });

  server.get("/api/tab/insight.csv", async (req, res) => {
    const insight = await insightFor(req, res);
    if (!insight) return;
    const { months, tables } = insight;
    res.header("Content-Type", "text/csv; charset=utf-8");
    res.header(
      "Content-Disposition",
      `attachment; filename="signaalwijzer-${months[0]}-${months.at(-1)}.csv"`,
    );
    res.sendRaw(200, insightCsv(tables, deps.minCell));
  });
}

/** Only the app's own scripts and styles; Teams may frame the tab. */
function securityHeaders(res: restify.Response): void {
  res.header(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data:; connect-src 'self' https://res.cdn.office.net; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com",
  );
  res.header("X-Content-Type-Options", "nosniff");
  res.header("Referrer-Policy", "no-referrer");
}
