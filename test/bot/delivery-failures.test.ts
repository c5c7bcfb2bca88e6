/**
 * Delivery that never gets lost: connector errors and time-outs are retried until the card arrives exactly once;
 * a server killed between storing a case and delivering it delivers after the restart, once; with no channel
 * registered the fallback (webhook and e-mail sinks on loopback) receives the notification.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { SMTPServer } from "smtp-server";
import { keyId } from "../../src/util/key-id.js";
import { startFakeConnector, type FakeConnector } from "../harness/fake-connector.js";
import {
  botClient,
  makeUser,
  startTestBot,
  visibleText,
  type TestBot,
  type TestUser,
} from "../harness/bot-server.js";
import { reportFromAdvice, setUpContactPoint } from "../harness/escalation.js";

const CHANNEL = "19:meldpunt@thread.tacv2";
const coordinatorInChannel: TestUser = {
  id: "coord-1",
  name: "Carla Coördinator",
  conversationId: `${CHANNEL};messageid=1`,
  conversationType: "channel",
};

const cardsFor = (connector: FakeConnector, number: string) =>
  connector.sent(CHANNEL).filter((c) => JSON.stringify(c.body).includes(number));

describe("delivery under failure", () => {
  let connector: FakeConnector;
  let bot: TestBot | undefined;
  beforeEach(async () => {
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await connector.close();
  });

  it("should deliver exactly once after the connector answered 500 for a while", async () => {
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50" },
      { serviceUrl: connector.url },
    );
    await setUpContactPoint(bot, coordinatorInChannel);
    connector.fail({ count: 4, status: 500 });
    const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
    await connector.waitFor(() => cardsFor(connector, number).length > 0, 15_000);
    expect(connector.faulted()).toBe(4);
    await new Promise((r) => setTimeout(r, 400));
    expect(cardsFor(connector, number)).toHaveLength(1);
  });

  it("should wait as long as a 429's Retry-After asks before it tries again, then deliver once", async () => {
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50" },
      { serviceUrl: connector.url },
    );
    await setUpContactPoint(bot, coordinatorInChannel);
    connector.fail({ count: 1, status: 429, headers: { "Retry-After": "2" } });
    const refusedAt = Date.now();
    const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
    await connector.waitFor(() => cardsFor(connector, number).length > 0, 15_000);
    expect(connector.faulted()).toBe(1);
    // The dispatcher's own backoff at this interval is 25-50 ms; Teams asked for 2 s.
    expect(cardsFor(connector, number)[0]!.at - refusedAt).toBeGreaterThanOrEqual(1900);
    expect(cardsFor(connector, number)).toHaveLength(1);
  });

  it("should space its sends into one conversation (Teams' per-thread limit)", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "debug" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
          done();
        },
      }),
    );
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", TEAMS_SENDS_PER_SECOND_PER_CONVERSATION: "4" },
      { serviceUrl: connector.url, logger },
    );
    await setUpContactPoint(bot, coordinatorInChannel);
    const reports = await Promise.all(
      ["Rita Melder", "Sam Melder", "Noor Melder"].map((name) => reportFromAdvice(bot!, makeUser(name))),
    );
    await connector.waitFor(
      () => reports.every(({ number }) => cardsFor(connector, number).length === 1),
      15_000,
    );
    // The pacing is asserted where it happens, on the moments the connector calls were let through: arrival at
    // the fake connector adds the HTTP round trip's jitter (on a loaded machine a call that set out 250 ms after
    // the one before can arrive 239 ms after it).
    const channelKey = keyId(CHANNEL);
    const released = lines
      .map((line) => JSON.parse(line) as { msg?: string; conv?: string; at?: number })
      .filter((entry) => entry.msg === "connector call released" && entry.conv === channelKey)
      .map((entry) => entry.at!);
    // The welcome after registering, then three cards: each one call into the channel.
    expect(released.length).toBeGreaterThanOrEqual(connector.sent(CHANNEL).length);
    const gaps = released.slice(1).map((t, i) => t - released[i]!);
    // 4 per second: at least 250 ms apart.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
  });

  it("should deliver exactly once after the connector timed out for a while", async () => {
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", DELIVERY_TIMEOUT_MS: "200" },
      { serviceUrl: connector.url },
    );
    await setUpContactPoint(bot, coordinatorInChannel);
    connector.fail({ count: 2, delayMs: 1000, status: 504 });
    const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
    await connector.waitFor(() => cardsFor(connector, number).length > 0, 15_000);
    expect(connector.faulted()).toBe(2);
    await new Promise((r) => setTimeout(r, 1200));
    expect(cardsFor(connector, number)).toHaveLength(1);
  });

  it("should deliver once after a SIGKILL between storing the case and delivering it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "sw-kill-"));
    const env = { DATA_DIR: dataDir, COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", LOG_LEVEL: "info" };
    try {
      const first = await spawnBot(env);
      const remote = botClient(first.url, connector.url);
      await setUpContactPoint(remote, coordinatorInChannel);
      connector.fail({ count: 100_000, status: 503 });
      const { number } = await reportFromAdvice(remote, makeUser("Rita Melder"));
      await connector.waitFor(() => connector.faulted() > 0);
      first.kill();
      connector.fail({ count: 0 });
      expect(cardsFor(connector, number)).toHaveLength(0);
      const second = await spawnBot(env);
      try {
        await connector.waitFor(() => cardsFor(connector, number).length > 0, 15_000);
        await new Promise((r) => setTimeout(r, 400));
        expect(cardsFor(connector, number)).toHaveLength(1);
      } finally {
        second.kill();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("should send to the webhook and e-mail fallback when no channel is registered", async () => {
    const webhook = await startWebhookSink();
    const smtp = await startSmtpSink();
    try {
      bot = await startTestBot(
        {
          COORDINATORS: "coord-1",
          DISPATCH_INTERVAL_MS: "50",
          WEBHOOK_URL: webhook.url,
          SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          SMTP_ALLOW_INSECURE: "true",
          FALLBACK_EMAIL_TO: "meldpunt@gemeente.example",
          FALLBACK_EMAIL_FROM: "signaalwijzer@gemeente.example",
        },
        { serviceUrl: connector.url },
      );
      const { number } = await reportFromAdvice(bot, makeUser("Rita Melder"));
      await waitUntil(
        () => webhook.bodies.some((b) => b.includes(number)) && smtp.messages.some((m) => m.includes(number)),
      );
      const body = webhook.bodies.find((b) => b.includes(number))!;
      expect(body).not.toMatch(/paspoorten|Rita Melder/); // no description or names leave the case
      expect(webhook.headers[0]?.["idempotency-key"]).toBeDefined();
      const mail = smtp.messages.find((m) => m.includes(number))!;
      expect(mail).toMatch(/To: meldpunt@gemeente.example/i);
      expect(mail).not.toMatch(/paspoorten/);
      expect(
        visibleText(
          await bot.say(
            makeUser("x", { id: "coord-1", conversationId: "c-coord" } as Partial<TestUser>),
            "meldpunt status",
          ),
        ),
      ).toMatch(/Lukt bezorgen in Teams niet, dan gaat de melding naar de terugvaloptie/);
    } finally {
      await webhook.close();
      await smtp.close();
    }
  });
});

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs src/main.ts as its own process (so it can be SIGKILLed) and resolves with its URL. */
async function spawnBot(env: Record<string, string>): Promise<{ url: string; kill: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+).*"msg":"listening"/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 25);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`bot exited with ${code}: ${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, kill: () => child.kill("SIGKILL") };
}

async function startWebhookSink(): Promise<{
  url: string;
  bodies: string[];
  headers: IncomingHttpHeaders[];
  close: () => Promise<void>;
}> {
  const bodies: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      bodies.push(body);
      headers.push(req.headers);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startSmtpSink(): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let data = "";
      stream.on("data", (d: Buffer) => (data += d.toString()));
      stream.on("end", () => {
        messages.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
