/**
 * @module bot/server
 * The HTTP edge (restify 11): `POST /api/messages` into the CloudAdapter, `GET /healthz` (process up) and
 * `GET /readyz` (storage writable, content loaded; 503 with the reasons otherwise). Counts requests in flight so a
 * shutdown can wait for them.
 */
import { depthOf } from "../util/json-depth.js";
import restify from "restify";
import type { Activity, TurnContext } from "botbuilder";
import { z } from "zod";
import type { SignaalwijzerAdapter } from "./adapter.js";
import { mountPages } from "./pages.js";
import type { Logger } from "../log.js";

/** The least an activity must carry before it reaches the adapter; anything less gets a clear 400. */
const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().max(64).optional(),
  serviceUrl: z.string().min(1).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  // Every Teams activity names its sender; without one a turn (an invoke above all) has nobody to answer.
  from: z.looseObject({ id: z.string().min(1).max(1024) }),
  text: z.string().max(100_000).optional(),
  // botbuilder reads `type` of every entity (mentions); one without it would fail the turn.
  entities: z
    .array(z.looseObject({ type: z.string().min(1).max(128) }))
    .max(64)
    .optional(),
});

/** Deeper JSON than this is refused: card values are flat forms, and deep nesting overflows the stack on save. */
const MAX_JSON_DEPTH = 32;

/** /readyz answers within about this long, also when a check hangs (a database that does not answer). */
const READINESS_TIMEOUT_MS = 1000;

/** Resolves or rejects like `work`, or rejects with `reason` after `ms`; the timer never keeps the process up. */
function withinTime<T>(work: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(reason)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Why an authenticated activity is refused, or undefined when its channel and tenant are allowed. */
function refusal(activity: z.infer<typeof IncomingActivity>, allow: AllowList): string | undefined {
  if (!allow.channels.includes(activity.channelId ?? "")) return "channel";
  if (allow.tenants.length === 0) return undefined;
  const conversation = activity.conversation as { tenantId?: unknown };
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = conversation.tenantId ?? channelData?.tenant?.id;
  return typeof tenant === "string" && allow.tenants.includes(tenant) ? undefined : "tenant";
}

/** A readiness check: resolves when fine, throws (with a reason in the message) when not. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

/** Who may talk to the bot once authenticated: channel ids, and tenant ids when the list is not empty. */
export interface AllowList {
  channels: readonly string[];
  tenants: readonly string[];
}

/** Limits on authentication, which botframework-connector leaves unbounded (see bot/adapter). */
export interface AuthLimits {
  /** a request whose token cannot be checked within this long gets 503 */
  timeoutMs: number;
  /** at most this many token checks at once; more get 503 straight away */
  maxPending: number;
  /** after a check failed for another reason than a bad token, answer 503 for this long without trying again */
  coolDownMs: number;
}

const DEFAULT_AUTH_LIMITS: AuthLimits = { timeoutMs: 5000, maxPending: 64, coolDownMs: 5000 };

/** What the server needs. */
export interface ServerDeps {
  adapter: Pick<SignaalwijzerAdapter, "authenticate" | "processAuthenticated">;
  allow: AllowList;
  authLimits?: AuthLimits;
  handleTurn: (ctx: TurnContext) => Promise<void>;
  readiness: readonly ReadinessCheck[];
  /**
   * Conditions an operator must know about (authentication off, no place for reports to go); /readyz lists them,
   * ready or not. Called on every /readyz, within its time limit.
   */
  warnings?: () => Promise<readonly string[]>;
  /** Further routes (the coordinators' tab, the local web chat), mounted after the bot's own. */
  mounts?: ReadonlyArray<(server: restify.Server) => void>;
  logger: Logger;
}

/** The running server plus its in-flight counter. */
export interface BotServer {
  server: restify.Server;
  inFlight(): number;
}

/** Creates the restify server with the bot's routes; call `server.listen` to start it. */
export function createServer(deps: ServerDeps): BotServer {
  const log = deps.logger.child({ module: "http" });
  const server = restify.createServer({ name: "signaalwijzer", handleUncaughtExceptions: false });
  let inFlight = 0;
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  const limits = deps.authLimits ?? DEFAULT_AUTH_LIMITS;
  let pendingAuth = 0;
  let authDownUntil = 0;

  /** Authenticates within the limits; answers 401 / 503 itself and returns undefined when it did. */
  const authenticate = async (req: restify.Request, res: restify.Response, body: Record<string, unknown>) => {
    const refuse = (status: 401 | 503, reason: string) => {
      log.warn({ status, reason, pending: pendingAuth }, "request not authenticated");
      res.send(status, {
        error: status === 401 ? "unauthorized" : "authentication unavailable, try again later",
      });
      return undefined;
    };
    if (Date.now() < authDownUntil) return refuse(503, "cooling_down");
    if (pendingAuth >= limits.maxPending) return refuse(503, "too_many_pending");
    const header = req.headers.authorization ?? "";
    const check = deps.adapter.authenticate(body as Partial<Activity> as Activity, header);
    pendingAuth++;
    // The count drops when the check really ends, not when we stop waiting, so it bounds the sockets held.
    void check.then(
      () => pendingAuth--,
      () => pendingAuth--,
    );
    try {
      return await withinTime(check, limits.timeoutMs, "auth_timeout");
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode === 401) return refuse(401, "invalid_token");
      authDownUntil = Date.now() + limits.coolDownMs;
      return refuse(
        503,
        error instanceof Error && error.message === "auth_timeout" ? "timeout" : "unavailable",
      );
    }
  };

  server.post("/api/messages", async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      res.send(400, { error: "invalid request" });
      return;
    }
    const auth = await authenticate(req, res, body as Record<string, unknown>);
    if (!auth) return;
    // Shape details go only to callers whose token was accepted.
    if (depthOf(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      res.send(400, {
        error: "invalid activity",
        field: "(body)",
        problem: `nested deeper than ${MAX_JSON_DEPTH}`,
      });
      return;
    }
    const shape = IncomingActivity.safeParse(body);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      res.send(400, {
        error: "invalid activity",
        field: issue?.path.join(".") || "(body)",
        problem: issue?.message,
      });
      return;
    }
    const refused = refusal(shape.data, deps.allow);
    if (refused) {
      log.warn({ reason: refused, channel: shape.data.channelId?.slice(0, 32) }, "activity refused");
      res.send(403, { error: "forbidden" });
      return;
    }
    inFlight++;
    try {
      const invoke = await deps.adapter.processAuthenticated(auth, body as Activity, deps.handleTurn);
      if (invoke?.body === undefined) res.send(invoke?.status ?? 200);
      else res.send(invoke.status ?? 200, invoke.body);
    } catch (error) {
      log.error({ err: { name: (error as Error).name } }, "message processing failed");
      if (!res.headersSent) res.send(500, { error: "internal error" });
    } finally {
      inFlight--;
    }
  });

  server.get("/healthz", async (_req, res) => {
    res.send(200, { status: "ok" });
  });

  server.get("/readyz", async (_req, res) => {
    const failures: Array<{ check: string; reason: string }> = [];
    // Checks and warnings run side by side, so /readyz answers within one time limit even when all of them hang.
    const checks = Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        try {
          await withinTime(check(), READINESS_TIMEOUT_MS, `no answer within ${READINESS_TIMEOUT_MS} ms`);
        } catch (error) {
          failures.push({ check: name, reason: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    const warned = (async (): Promise<readonly string[]> => {
      try {
        return deps.warnings
          ? await withinTime(deps.warnings(), READINESS_TIMEOUT_MS, "warnings timed out")
          : [];
      } catch (error) {
        return [`could not check the warnings: ${error instanceof Error ? error.message : String(error)}`];
      }
    })();
    const [, warnings] = await Promise.all([checks, warned]);
    if (failures.length) {
      log.warn({ failed: failures.map((f) => f.check) }, "not ready");
      res.send(503, { status: "unavailable", failures, warnings });
    } else {
      res.send(200, { status: "ready", warnings });
    }
  });

  mountPages(server);
  for (const mount of deps.mounts ?? []) mount(server);
  return { server, inFlight: () => inFlight };
}
