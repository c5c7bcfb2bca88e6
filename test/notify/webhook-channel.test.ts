import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CaseRecord } from "../../src/cases/case-schema.js";
import { DeliveryError } from "../../src/errors.js";
import { createWebhookChannel } from "../../src/notify/webhook-channel.js";
import { newCase, outboxItem } from "../fixtures/cases/build.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

async function startSink(respond: (n: number) => { status: number; delayMs?: number }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      const { status, delayMs } = respond(received.length);
      // Not writeHead(...).end(): restify, loaded by other suites in this worker, patches writeHead to return nothing.
      setTimeout(() => {
        res.statusCode = status;
        res.end();
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}

const record: CaseRecord = {
  ...newCase({ place: "bij 06-12345678 thuis", outcome: "ESCALATE" }),
  number: "MH-2026-0007",
};
const item = outboxItem(record.id, { target: { kind: "fallback" }, event: "case.reminder" });

describe("webhook channel", () => {
  it("should POST the minimal redacted fields with an idempotency key", async () => {
    const sink = await startSink(() => ({ status: 204 }));
    try {
      await createWebhookChannel({ url: sink.url }).deliver(item, record);
      expect(sink.received).toHaveLength(1);
      const { headers, body } = sink.received[0]!;
      expect(headers["idempotency-key"]).toBe(item.idempotencyKey);
      expect(body).toMatchObject({
        source: "signaalwijzer",
        event: "case.reminder",
        caseNumber: "MH-2026-0007",
        outcome: "ESCALATE",
        urgent: false,
        place: "bij [telefoon] thuis",
      });
      expect(JSON.stringify(body)).not.toMatch(/06-12345678|Acht mannen|Rita/);
    } finally {
      await sink.close();
    }
  });

  it("should retry on 5xx, 429 and timeouts and give up on other 4xx", async () => {
    const answers = [{ status: 503 }, { status: 429 }, { status: 400 }, { status: 200, delayMs: 500 }];
    const sink = await startSink((n) => answers[n - 1]!);
    try {
      const channel = createWebhookChannel({ url: sink.url, timeoutMs: 100 });
      const errors: unknown[] = [];
      for (let i = 0; i < 4; i++) errors.push(await channel.deliver(item, record).catch((e: unknown) => e));
      expect(errors.every((e) => e instanceof DeliveryError)).toBe(true);
      expect(errors.map((e) => [(e as DeliveryError).message, (e as DeliveryError).retryable])).toEqual([
        ["webhook_http_503", true],
        ["webhook_http_429", true],
        ["webhook_http_400", false],
        ["webhook_timeout", true],
      ]);
    } finally {
      await sink.close();
    }
  });
});
