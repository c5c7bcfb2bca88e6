/**
 * Soak run on loopback only: many mixed turns (questions, checks, reports) against the real app on PostgreSQL
 * (behind a loopback proxy, so the database can be "restarted" without touching the shared server), with the fake
 * Bot Connector failing now and then and the database gone for a few seconds once. Afterwards every report that got
 * a case number must have reached the contact point's channel exactly once, no turn may have got a 5xx, and heap
 * and RSS must be flat between the first and the last quarter. Bounded in turns and time; stops by itself.
 *
 *   NODE_OPTIONS=--expose-gc npx tsx bench/soak.ts [--turns 20000] [--concurrency 8] [--users 0]
 * Prints a table and, as its last line, one JSON object with the figures.
 */
import { parseArgs } from "node:util";
import {
  actionsOf,
  makeUser,
  startTestBot,
  visibleText,
  type TestBot,
  type TestUser,
} from "../test/harness/bot-server.js";
import { registrationActivity } from "../test/harness/escalation.js";
import { startFakeConnector, type FakeConnector } from "../test/harness/fake-connector.js";
import { createTestSchema, testDatabaseUrl } from "../test/helpers/pg.js";
import { startTcpProxy } from "../test/helpers/tcp-proxy.js";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "8" },
    // Distinct users; 0 (the default) gives every session a new one. A fixed pool fills the bounded in-memory
    // maps (rate-limit buckets, per-asker counts) early, so a leak shows as growth after the first quarter.
    users: { type: "string", default: "0" },
  },
});
const TURNS = Number(values.turns);
const CONCURRENCY = Number(values.concurrency);
const USERS = Number(values.users);
const pool: TestUser[] = Array.from({ length: USERS }, (_, i) => makeUser(`Soak user ${i}`));
const CHANNEL = "19:soak@thread.tacv2";
const QUESTIONS = [
  "help",
  "wat zijn signalen van arbeidsuitbuiting?",
  "mag ik melden zonder toestemming?",
  "wat doet het aanspreekpunt met mijn melding",
  "hoe laat is de kantine open",
];

let turns = 0;
let serverErrors = 0;
let storageApologies = 0;
const numbers = new Set<string>();
const memory: { heapMb: number; rssMb: number }[] = [];

/** Memory now; with `node --expose-gc` (see the header) after a full collection, so quarters compare fairly. */
function sample(): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  memory.push({ heapMb: m.heapUsed / 1e6, rssMb: m.rss / 1e6 });
}

async function say(bot: TestBot, user: TestUser, text: string) {
  turns += 1;
  const replies = await bot.say(user, text);
  if (/kan mijn opslag nu even niet bereiken/.test(visibleText(replies))) storageApologies += 1;
  return replies;
}

async function click(bot: TestBot, user: TestUser, verb: string, data: Record<string, unknown>) {
  turns += 1;
  const replies = await bot.click(user, verb, data);
  if (/kan mijn opslag nu even niet bereiken/.test(visibleText(replies))) storageApologies += 1;
  return replies;
}

/** One user session: a question, a short check, or a report typed with `melden`. */
async function session(bot: TestBot, n: number): Promise<void> {
  const user = USERS > 0 ? pool[n % USERS]! : makeUser(`Soak ${n}`);
  const kind = n % 4;
  if (kind === 0 || kind === 1) {
    await say(bot, user, QUESTIONS[n % QUESTIONS.length]!);
    return;
  }
  if (kind === 2) {
    await say(bot, user, "check");
    await say(bot, user, "1");
    await say(bot, user, "stop");
    return;
  }
  const form = await say(bot, user, "melden");
  if (!actionsOf(form).some((a) => a.verb === "report.review")) return;
  const summary = await click(bot, user, "report.review", {
    description: `Soak ${n}: veel mannen slapen in een loods.`,
    place: "Wijk Noord",
    seenAt: "maandag",
    department: "handhaving",
    contact: "via Teams",
  });
  const send = actionsOf(summary).find((a) => a.verb === "report.submit");
  if (!send) return;
  const receipt = await click(bot, user, "report.submit", send.data);
  const number = /MH-\d{4}-\d{4}/.exec(visibleText(receipt))?.[0];
  if (number) numbers.add(number);
}

async function registerChannel(bot: TestBot): Promise<void> {
  await bot.post(registrationActivity(bot.serviceUrl, { id: "coord-soak", name: "Coördinator" }, CHANNEL));
}

const delivered = new Map<string, number>();

/**
 * Counts the channel posts per case number and empties the connector's record, so the soak measures the bot's
 * memory, not the fake connector's growing list of calls (it runs in the same process).
 */
function countDeliveries(connector: FakeConnector): Map<string, number> {
  for (const call of connector.sent(CHANNEL)) {
    const number = /MH-\d{4}-\d{4}/.exec(JSON.stringify(call.body))?.[0];
    if (number) delivered.set(number, (delivered.get(number) ?? 0) + 1);
  }
  connector.calls.length = 0;
  return delivered;
}

async function main(): Promise<void> {
  const schema = await createTestSchema();
  const target = new URL(testDatabaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const url = new URL(testDatabaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  url.searchParams.set("options", `-c search_path=${schema.schema}`);
  const connector = await startFakeConnector();
  const bot = await startTestBot(
    {
      STORAGE: "postgres",
      DATABASE_URL: url.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: "1000",
      DATABASE_STATEMENT_TIMEOUT_MS: "2000",
      COORDINATORS: "coord-soak",
      DISPATCH_INTERVAL_MS: "50",
      RATE_LIMIT_USER_BURST: "1000",
      RATE_LIMIT_TENANT_BURST: "1000000",
    },
    { serviceUrl: connector.url },
  );
  const started = Date.now();
  let faults = 0;
  let restarts = 0;
  try {
    await registerChannel(bot);
    let next = 0;
    let restarted = false;
    const worker = async () => {
      while (turns < TURNS && Date.now() - started < 20 * 60_000) {
        const n = next++;
        if (n % 250 === 0) {
          connector.fail({ count: 2, status: n % 500 === 0 ? 503 : 500 });
          faults += 2;
        }
        if (!restarted && turns >= TURNS / 2) {
          restarted = true;
          restarts += 1;
          proxy.dropAll();
          await proxy.stop();
          setTimeout(() => void proxy.start(), 3000);
        }
        if (n % Math.max(1, Math.floor(TURNS / 40)) === 0) {
          countDeliveries(connector);
          sample();
        }
        try {
          const before = storageApologies;
          await session(bot, n);
          // Someone told "try again later" waits a little, as a person would, instead of hammering.
          if (storageApologies > before) await new Promise((r) => setTimeout(r, 200));
        } catch {
          // A request that did not get an HTTP answer at all is counted like a 5xx.
          serverErrors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    sample();
    // Everything numbered must arrive; give the dispatcher time to work through retries.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && [...numbers].some((n) => !countDeliveries(connector).has(n))) {
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await bot.stop();
    await connector.close();
    await proxy.close();
    await schema.drop();
  }
  countDeliveries(connector);
  const once = [...numbers].filter((n) => delivered.get(n) === 1).length;
  const twice = [...delivered.values()].filter((c) => c > 1).length;
  const quarter = Math.max(1, Math.floor(memory.length / 4));
  const avg = (xs: { heapMb: number; rssMb: number }[], k: "heapMb" | "rssMb") =>
    xs.reduce((s, x) => s + x[k], 0) / Math.max(1, xs.length);
  const first = memory.slice(0, quarter);
  const last = memory.slice(-quarter);
  const result = {
    turns,
    seconds: Math.round((Date.now() - started) / 1000),
    reports: numbers.size,
    deliveredOnce: once,
    deliveredTwice: twice,
    missing: numbers.size - [...numbers].filter((n) => delivered.has(n)).length,
    faultsInjected: faults,
    databaseRestarts: restarts,
    storageApologies,
    serverErrors,
    heapFirstQuarterMb: Math.round(avg(first, "heapMb")),
    heapLastQuarterMb: Math.round(avg(last, "heapMb")),
    rssFirstQuarterMb: Math.round(avg(first, "rssMb")),
    rssLastQuarterMb: Math.round(avg(last, "rssMb")),
  };
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(22)} ${v}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
