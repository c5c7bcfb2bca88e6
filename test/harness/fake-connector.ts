/**
 * A small fake Bot Connector for end-to-end tests: accepts the calls the bot makes for proactive messages and
 * card updates, records them, and can be told to fail or stall for a while.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One call the bot made to the connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** When the call arrived (Date.now()). */
  at: number;
}

/** Fault injection: the next `count` activity calls answer `status` (or hang for `delayMs`). */
export interface Fault {
  count: number;
  status?: number;
  delayMs?: number;
  /** Extra response headers of a faulted answer (e.g. Retry-After with a 429). */
  headers?: Record<string, string>;
}

/** The running fake connector. */
export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** How many calls were answered with an injected fault. */
  faulted(): number;
  /** Activities sent to a conversation (new posts and replies), in order. */
  sent(conversationId?: string): ConnectorCall[];
  /** Card updates (PUT) in order. */
  updates(): ConnectorCall[];
  fail(fault: Fault): void;
  /** Resolves when `predicate` holds for the recorded calls, or rejects after `timeoutMs`. */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the fake connector on a free loopback port. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let fault: Fault | undefined;
  let faulted = 0;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? "").split("?")[0] ?? "";
      const m = /^\/v3\/conversations(?:\/([^/]+))?(?:\/(activities|members))?(?:\/([^/]+))?$/.exec(path);
      const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
      const activityId = m?.[3] ? decodeURIComponent(m[3]) : undefined;
      if (m?.[2] === "members") {
        const memberId = activityId ?? "member";
        return send(res, 200, { id: memberId, name: "Test Persoon", aadObjectId: memberId });
      }
      if (fault && fault.count > 0 && (m?.[2] === "activities" || !m?.[1])) {
        fault.count--;
        faulted++;
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault?.delayMs));
        if (fault.status) {
          return send(res, fault.status, { error: { code: "Injected", message: "fault" } }, fault.headers);
        }
      }
      calls.push({ method: req.method ?? "", path, conversationId, activityId, body, at: Date.now() });
      if (req.method === "POST" && m && !m[1]) return send(res, 200, { id: `conv-${randomUUID()}` });
      if (req.method === "POST" && m?.[2] === "activities")
        return send(res, 200, { id: `act-${randomUUID()}` });
      if (req.method === "PUT" && m?.[2] === "activities") return send(res, 200, { id: activityId });
      return send(res, 404, { error: { code: "NotFound" } });
    })().catch(() => send(res, 500, {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    faulted: () => faulted,
    sent: (conversationId) =>
      calls.filter(
        (c) =>
          c.method === "POST" &&
          c.path.includes("/activities") &&
          (!conversationId || c.conversationId === conversationId),
      ),
    updates: () => calls.filter((c) => c.method === "PUT"),
    fail: (f) => {
      fault = { ...f };
    },
    waitFor: async (predicate, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > end) throw new Error(`fake connector: condition not met in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
