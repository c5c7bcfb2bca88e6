/**
 * @module bot/server
 * The HTTP edge (restify 11): `POST /api/messages` into the CloudAdapter, `GET /healthz` (process up) and
 * `GET /readyz` (storage writable, content loaded; 503 with the reasons otherwise). Counts requests in flight so a
 * shutdown can wait for them.
 */
import restify from "restify";
import type { CloudAdapter, TurnContext } from "botbuilder";
import { z } from "zod";
import { mountPages } from "./pages.js";
import type { Logger } from "../log.js";

/** The least an activity must carry before it reaches the adapter; anything less gets a clear 400. */
const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: z.looseObject({ id: z.string().min(1).max(1024) }).optional(),
  text: z.string().max(100_000).optional(),
});

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

/** A readiness check: resolves when fine, throws (with a reason in the message) when not. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

/** What the server needs. */
export interface ServerDeps {
  adapter: CloudAdapter;
  handleTurn: (ctx: TurnContext) => Promise<void>;
  readiness: readonly ReadinessCheck[];
  /** Conditions an operator must know about (e.g. authentication off); /readyz lists them, ready or not. */
  warnings?: readonly string[];
  logger: Logger;
  /** Extra routes (the coordinator tab's API, later) mounted on the same server. */
  mount?: (server: restify.Server) => void;
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
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  server.post("/api/messages", async (req, res) => {
    const shape = IncomingActivity.safeParse(req.body);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      res.send(400, {
        error: "invalid activity",
        field: issue?.path.join(".") || "(body)",
        problem: issue?.message,
      });
      return;
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res, deps.handleTurn);
    } catch (error) {
      log.error({ err: { name: (error as Error).name } }, "message processing failed");
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight--;
    }
  });

  server.get("/healthz", async (_req, res) => {
    res.send(200, { status: "ok" });
  });

  server.get("/readyz", async (_req, res) => {
    const failures: Array<{ check: string; reason: string }> = [];
    await Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        try {
          await withinTime(check(), READINESS_TIMEOUT_MS, `no answer within ${READINESS_TIMEOUT_MS} ms`);
        } catch (error) {
          failures.push({ check: name, reason: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    const warnings = deps.warnings ?? [];
    if (failures.length) {
      log.warn({ failed: failures.map((f) => f.check) }, "not ready");
      res.send(503, { status: "unavailable", failures, warnings });
    } else {
      res.send(200, { status: "ready", warnings });
    }
  });

  mountPages(server);
  deps.mount?.(server);
  return { server, inFlight: () => inFlight };
}
