/**
 * @module devchat/dev-chat
 * The local web chat at `/chat`, mounted by main only in development mode (no MicrosoftAppId): with an app id
 * none of these routes exist and `/chat` answers 404. The page (`web/`) talks to the bot as a channel does: it
 * posts activities to `/api/messages` with `serviceUrl` set to the connector emulation (`connector-routes`), and
 * hears what the bot sends there, replies and proactive messages alike, through Server-Sent Events.
 *
 * @example
 * GET /chat                                  the page
 * GET /chat/events?conversation=ID           text/event-stream: reset, activity, update, ready
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import type restify from "restify";
import type { Logger } from "../log.js";
import { bundler, bundleRoute } from "../web/bundle.js";
import { isAcceptableId, mountConnector } from "./connector-routes.js";
import { ConversationLog, type LogEvent } from "./conversation-log.js";

/** What the web chat needs: the repository root (for its browser code and page) and a logger. */
export interface DevChatDeps {
  root: string;
  logger: Logger;
}

/** The chat: `mount` adds its routes to the server, `close` ends the open event streams so the server can stop. */
export interface DevChat {
  mount(server: restify.Server): void;
  close(): void;
}

/** A stream whose client falls this much unsent data behind on live events is ended; it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** A comment line this often keeps idle streams (and proxies in between) from timing out. */
const HEARTBEAT_MS = 25_000;

/** The page's own code and styles only; it talks to this origin alone and cannot be framed. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function securityHeaders(res: restify.Response): void {
  res.header("Content-Security-Policy", CSP);
  res.header("X-Content-Type-Options", "nosniff");
  res.header("Referrer-Policy", "no-referrer");
}

/** The chat's routes (page, script, styles, events) and the connector emulation, for development mode only. */
export function createDevChat(deps: DevChatDeps): DevChat {
  const logger = deps.logger.child({ module: "devchat" });
  const web = join(deps.root, "src", "devchat", "web");
  const script = bundler(join(web, "main.ts"));
  const log = new ConversationLog();
  // Each run has its own event ids, so a page open across a restart replays everything instead of nothing.
  const epoch = Date.now().toString(36);
  const streams = new Set<ServerResponse>();

  // Read on each request, so an edited page or style shows on reload without a restart.
  const staticFile = (path: string, type: string) => async (_req: restify.Request, res: restify.Response) => {
    try {
      const text = await readFile(path, "utf8");
      res.header("Content-Type", type);
      res.header("Cache-Control", "no-cache");
      securityHeaders(res);
      res.sendRaw(200, text);
    } catch (error) {
      logger.error({ err: { name: (error as Error).name }, file: path }, "chat file missing");
      res.send(500, { error: "internal error" });
    }
  };
  const adaptiveCss = createRequire(import.meta.url).resolve("adaptivecards/lib/adaptivecards.css");

  const mount = (server: restify.Server): void => {
    server.get("/chat", staticFile(join(web, "index.html"), "text/html; charset=utf-8"));
    server.get("/chat/chat.css", staticFile(join(web, "chat.css"), "text/css; charset=utf-8"));
    server.get("/chat/adaptivecards.css", staticFile(adaptiveCss, "text/css; charset=utf-8"));

    server.get(
      "/chat/app.js",
      bundleRoute(script, securityHeaders, (error) =>
        logger.error({ err: { name: (error as Error).name } }, "chat bundle failed"),
      ),
    );

    server.get("/chat/events", async (req, res) => {
      const query = new URL(req.url ?? "", "http://chat").searchParams;
      const conversationId = query.get("conversation") ?? "";
      if (!isAcceptableId(conversationId)) {
        res.send(400, { error: "conversation id missing, too long or malformed" });
        return;
      }
      // EventSource sends the id of the last event it saw when it reconnects; an id of another run counts as none.
      const [runOf, seqOf] = String(req.headers["last-event-id"] ?? "").split(".");
      const after = runOf === epoch && /^\d{1,15}$/.test(seqOf ?? "") ? Number(seqOf) : undefined;

      // Nothing is written to a stream that ended or whose client went away (that would be an error event). The
      // replay is bounded by the log; after it, a client that falls this far behind is cut off and catches up.
      let limit = Number.POSITIVE_INFINITY;
      const write = (text: string) => {
        if (res.writableEnded || res.destroyed) return;
        res.write(text);
        if (res.writableLength > limit) res.end();
      };
      const send = (event: string, data: unknown, id?: number) =>
        write(
          `event: ${event}\n${id === undefined ? "" : `id: ${epoch}.${id}\n`}data: ${JSON.stringify(data)}\n\n`,
        );
      const stop = log.listen(conversationId, (e: LogEvent) => send(e.kind, e.activity, e.seq));
      if (!stop) {
        res.header("Retry-After", "10");
        res.send(503, { error: "too many open chats" });
        return;
      }
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
      });
      write("retry: 2000\n\n");
      streams.add(res);
      // No await between listening and the replay: no change can fall between the two.
      if (after === undefined) send("reset", {});
      const missed = log.since(conversationId, after ?? 0);
      for (const e of missed) send(e.kind, e.activity, e.seq);
      send("ready", { empty: after === undefined && missed.length === 0 }, log.lastSeq);
      limit = res.writableLength + MAX_BUFFERED_BYTES;
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      await new Promise<void>((resolve) => {
        res.once("close", resolve);
        if (res.writableEnded) resolve();
      });
      clearInterval(heartbeat);
      stop();
      streams.delete(res);
    });

    mountConnector(server, log, logger);
    logger.info({ path: "/chat" }, "local web chat mounted (development mode)");
  };
  return {
    mount,
    close: () => {
      for (const res of streams) res.end();
    },
  };
}
