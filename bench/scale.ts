/**
 * `npm run bench:scale`: does the cost of a turn grow with the data stored? For each storage (lowdb in a fresh data
 * folder, PostgreSQL in a fresh schema, skipped when unreachable) the real server runs as its own process with
 * 1,000 and then 100,000 conversations and 10,000 cases stored, and one load generator in this process (the
 * mixed script of bench:turns, concurrency 10, new conversations) measures turns/s and latency for a fixed time.
 * The server's resident memory is read from /proc after each run.
 *
 * Seeding goes through the stores' own open and write functions, in this process, while no server runs: the
 * conversation state is a real one (the server runs a few turns of the script first; what it stored is copied
 * under new user and conversation ids), the cases go through `createCase` (9 in 10 closed over the past year,
 * the rest new and from the last hour, so no reminder falls due during a run).
 * Each server start is timed until it listens and until its first retention pass (run at every start) has
 * logged; the load starts after that pass, so it measures turns, not the purge.
 * Prints a table and, as its last line, one JSON object: `growthLowdb`, `growthPostgres` (p50 at the larger
 * size / p50 at the smaller one; `...P99` the same for p99), `rssMb` (the larger of the two servers' RSS at the
 * larger size) and the raw figures per storage.
 *
 *   npm run bench:scale -- [--seconds 5] [--database postgres://postgres@127.0.0.1:5432/test]
 *                          [--small 1000] [--large 100000] [--cases 10000]
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { Agent } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { AuditEntry, CaseRecord, type NewCase } from "../src/cases/case-schema.js";
import type { CaseStore } from "../src/storage/case-store.js";
import type { KeyValueStore, StoreItem } from "../src/storage/key-value-store.js";
import { openLowdbCaseStore } from "../src/storage/lowdb-case-store.js";
import { openLowdbKeyValueStore } from "../src/storage/lowdb-kv-store.js";
import { openPgCaseStore } from "../src/storage/pg-case-store.js";
import { openPgKeyValueStore } from "../src/storage/pg-kv-store.js";
import { newCase } from "../test/fixtures/cases/build.js";
import { load, messageBody, SCRIPT, turn, type LoadResult } from "./lib/load.js";
import { postgresSchema, residentMb, serverEnv, startProcess } from "./lib/processes.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    database: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    small: { type: "string", default: "1000" },
    large: { type: "string", default: "100000" },
    cases: { type: "string", default: "10000" },
  },
});
const SECONDS = Number(values.seconds);
const SIZES = [Number(values.small), Number(values.large)] as const;
const CASES = Number(values.cases);
const USERS = 10;
/** Conversations per store write while seeding, and how many writes run at once. */
const SEED_BATCH = 100;
const SEED_CONCURRENCY = 8;
/** Start-up of a server with a large data folder may be slow; this long is a failure, not a figure. */
const START_TIMEOUT_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

type StorageName = "lowdb" | "postgres";

/** The stores opened in this process for seeding, and how to find the keys the template turns stored. */
interface Opened {
  kv: KeyValueStore;
  cases: CaseStore;
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** One storage under test: the server's environment and the same storage opened here. */
interface Storage {
  name: StorageName;
  env: Record<string, string>;
  open(): Promise<Opened>;
  drop(): Promise<void>;
}

/** One measurement of the server with `conversations` stored. */
interface Row extends LoadResult {
  storage: StorageName;
  conversations: number;
  cases: number;
  seedS: number;
  startMs: number;
  retentionMs: number;
  rssMb: number;
  peakMb: number;
}

async function lowdbStorage(dir: string): Promise<Storage> {
  return {
    name: "lowdb",
    env: serverEnv(dir),
    open: async () => {
      const kv = await openLowdbKeyValueStore(dir);
      const cases = await openLowdbCaseStore(dir);
      return {
        kv,
        cases,
        // The template turns leave a handful of files; each names its key (lowdb-kv-store's envelope).
        keys: async () => {
          const names = (await readdir(join(dir, "state"))).filter((n) => n.endsWith(".json"));
          const read = async (n: string) =>
            (JSON.parse(await readFile(join(dir, "state", n), "utf8")) as { key: string }).key;
          return Promise.all(names.map(read));
        },
        close: async () => {
          await kv.close();
          await cases.close();
        },
      };
    },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresStorage(dir: string): Promise<Storage | undefined> {
  const database = await postgresSchema(values.database!);
  if (!database) return undefined;
  return {
    name: "postgres",
    env: { ...serverEnv(dir), STORAGE: "postgres", DATABASE_URL: database.url },
    open: async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: SEED_CONCURRENCY });
      const kv = await openPgKeyValueStore(pool);
      const cases = await openPgCaseStore(pool);
      return {
        kv,
        cases,
        keys: async () =>
          (await pool.query<{ key: string }>("SELECT key FROM bot_state")).rows.map((r) => r.key),
        close: async () => {
          await kv.close();
          await cases.close();
          await pool.end();
        },
      };
    },
    drop: async () => {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work(i)` for i in [from, to) in batches of `batch`, `SEED_CONCURRENCY` batches at a time. */
async function inBatches(from: number, to: number, batch: number, work: (i: number) => Promise<void>) {
  let next = from;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + batch);
        await work(start);
      }
    }),
  );
}

/** Progress goes to stderr, so stdout holds only the results. */
const progress = (text: string) => process.stderr.write(`bench:scale: ${text}\n`);

const seedUser = (i: number) => `seed-${String(i).padStart(6, "0")}`;

/** What one conversation stores, taken from the server: `id` and its items, with the stores' eTags removed. */
interface Template {
  id: string;
  items: Record<string, StoreItem>;
}

/** Starts the server on the empty storage, runs the first turns of the script as one user, and reads what it stored. */
async function takeTemplate(storage: Storage): Promise<Template> {
  const server = await startProcess(storage.name, ["src/main.ts"], storage.env);
  const id = `bench-${randomUUID()}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const text of SCRIPT.slice(0, 4)) await turn(agent, server.port, messageBody(id, text));
  agent.destroy();
  await server.stop();
  const opened = await storage.open();
  const keys = (await opened.keys()).filter((k) => k.includes(id));
  const stored = await opened.kv.read(keys);
  await opened.close();
  if (!Object.keys(stored).some((k) => k.startsWith("conversation/"))) {
    throw new Error(`the template turns stored no conversation state (keys: ${keys.length})`);
  }
  const items = Object.fromEntries(Object.entries(stored).map(([key, { eTag: _, ...item }]) => [key, item]));
  return { id, items };
}

/** The template's items under user `user` (and its conversation), to be written without an eTag check. */
function cloneFor(template: Template, user: string): Record<string, StoreItem> {
  const json = JSON.stringify(template.items).replaceAll(template.id, user);
  const items = JSON.parse(json) as Record<string, StoreItem>;
  for (const item of Object.values(items)) item.eTag = "*";
  return items;
}

/**
 * Case `i` of the seed, as the case service would hand it over: 9 in 10 closed (created over the past year,
 * closed a day later), the rest new and created in the last hour. Reporters are the first seeded users.
 */
function seedCase(i: number, now: number): NewCase {
  const base = newCase();
  const reporter = seedUser(i % SIZES[0]);
  const coordinator = { id: "coord-bench", name: "Coördinator" };
  const common = {
    signals: ["no-own-passport", "debt-to-employer", "lives-at-work"],
    reasons: ["Twee sterke signalen van arbeidsuitbuiting.", "Woont op het terrein van de werkgever."],
    description: "Acht mannen wonen in een schuur naast het bedrijf en werken zes dagen per week. ".repeat(4),
    reporter: { ...base.reporter, userId: reporter, conversationId: `conv-${reporter}` },
  };
  if (i % 10 === 9) {
    return newCase({ ...common, createdAt: new Date(now - 3600_000 + (i % 3600) * 1000).toISOString() });
  }
  const created = now - 2 * DAY_MS - (i % 365) * DAY_MS + i;
  return newCase({
    ...common,
    createdAt: new Date(created).toISOString(),
    status: "closed",
    claimedBy: coordinator,
    claimedAt: new Date(created + 3600_000).toISOString(),
    closed: {
      reason: "Doorverwezen en afgehandeld.",
      by: coordinator,
      at: new Date(created + DAY_MS).toISOString(),
    },
    version: 3,
    seq: 3,
  });
}

/** Brings the storage to `to` conversations (from `from`) and, the first time, `CASES` cases; returns seconds. */
async function seed(storage: Storage, template: Template, from: number, to: number): Promise<number> {
  const started = performance.now();
  const opened = await storage.open();
  await inBatches(from, to, SEED_BATCH, async (start) => {
    const batch: Record<string, StoreItem> = {};
    for (let i = start; i < Math.min(to, start + SEED_BATCH); i++)
      Object.assign(batch, cloneFor(template, seedUser(i)));
    await opened.kv.write(batch);
  });
  progress(
    `${storage.name}: ${to} conversations written after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (from === 0) {
    const now = Date.now();
    await inBatches(0, CASES, 1, async (i) => {
      const record = CaseRecord.omit({ number: true }).parse(seedCase(i, now));
      const audit = AuditEntry.parse({
        id: randomUUID(),
        caseId: record.id,
        at: record.createdAt,
        actor: { id: record.reporter.userId, name: record.reporter.name },
        action: "case.create",
        allowed: true,
        detail: { outcome: record.outcome },
      });
      const result = await opened.cases.createCase(record, [], [audit]);
      if (result.status !== "created") throw new Error(`seed case ${i} was a duplicate`);
    });
  }
  await opened.close();
  const seconds = (performance.now() - started) / 1000;
  progress(
    `${storage.name}: seeded ${to} conversations${from === 0 ? ` and ${CASES} cases` : ""} in ${seconds.toFixed(1)} s`,
  );
  return seconds;
}

/**
 * Proves the seed is what the server can use: a seeded user's stored state loads without being reset, and the
 * first seeded user (a reporter) sees their cases with `mijn meldingen`.
 */
async function probe(port: number, conversations: number, saw: (pattern: RegExp) => boolean): Promise<void> {
  const reply = async (user: string, text: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: messageBody(user, text),
    });
    if (res.status !== 200) throw new Error(`probe turn: HTTP ${res.status}`);
    return res.text();
  };
  await reply(seedUser(conversations - 1), "help");
  if (saw(/stored conversation data unreadable/)) throw new Error("the seeded conversation state was reset");
  if (!/MH-\d{4}-\d{4}/.test(await reply(seedUser(0), "mijn meldingen"))) {
    throw new Error("a seeded reporter does not see their seeded cases");
  }
}

/** Starts the server, waits for its start-up retention pass, warms up, measures, reads its RSS, stops it. */
async function measure(storage: Storage, conversations: number, seedS: number): Promise<Row> {
  const started = performance.now();
  const server = await startProcess(storage.name, ["src/main.ts"], storage.env);
  const listening = performance.now();
  progress(
    `${storage.name}: listening after ${(listening - started).toFixed(0)} ms with ${conversations} conversations`,
  );
  const retention = await server.waitForLine(/"msg":"retention (applied|run failed)"/, START_TIMEOUT_MS);
  if (retention.line.includes("failed"))
    throw new Error(`${storage.name}: the start-up retention pass failed`);
  const retentionMs = retention.at - listening;
  await probe(server.port, conversations, (pattern) => server.saw(pattern));
  await load(server.port, USERS, 2); // warm-up: JIT, caches, connections; not reported
  const result = await load(server.port, USERS, SECONDS);
  const memory = await residentMb(server.pid);
  await server.stop();
  return {
    storage: storage.name,
    conversations,
    cases: CASES,
    seedS,
    startMs: listening - started,
    retentionMs,
    ...result,
    ...memory,
  };
}

async function run(storage: Storage): Promise<Row[]> {
  try {
    const template = await takeTemplate(storage);
    const rows: Row[] = [];
    let seeded = 0; // besides the template's own conversation
    for (const size of SIZES) {
      const seedS = await seed(storage, template, seeded, size);
      seeded = size;
      rows.push(await measure(storage, size, seedS));
    }
    return rows;
  } finally {
    await storage.drop();
  }
}

process.stdout.write(
  `machine: ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; ${USERS} users, ${SECONDS} s per measurement\n`,
);
const dataDir = await mkdtemp(join(tmpdir(), "sw-bench-scale-"));
const rows: Row[] = [];
try {
  rows.push(...(await run(await lowdbStorage(join(dataDir, "lowdb")))));
  const postgres = await postgresStorage(join(dataDir, "pg"));
  if (postgres) rows.push(...(await run(postgres)));
  else process.stdout.write(`PostgreSQL not reachable at ${values.database}: skipped (set --database)\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const head = [
  ["storage", 10],
  ["conversations", 14],
  ["cases", 7],
  ["seed s", 8],
  ["start ms", 10],
  ["purge ms", 10],
  ["turns/s", 9],
  ["p50 ms", 8],
  ["p99 ms", 8],
  ["RSS MB", 8],
  ["peak MB", 9],
] as const;
const cells = (r: Row) => [
  r.storage,
  String(r.conversations),
  String(r.cases),
  r.seedS.toFixed(1),
  r.startMs.toFixed(0),
  r.retentionMs.toFixed(0),
  r.turnsPerSecond.toFixed(0),
  r.p50.toFixed(1),
  r.p99.toFixed(1),
  r.rssMb.toFixed(0),
  r.peakMb.toFixed(0),
];
const line = (values: string[]) =>
  values.map((v, i) => (i === 0 ? v.padEnd(head[i]![1]) : v.padStart(head[i]![1]))).join("");
process.stdout.write(`${line(head.map(([h]) => h))}\n`);
for (const row of rows) process.stdout.write(`${line(cells(row))}\n`);

const find = (storage: StorageName, size: number) =>
  rows.find((r) => r.storage === storage && r.conversations === size);
const growth = (storage: StorageName, field: "p50" | "p99") => {
  const [small, large] = [find(storage, SIZES[0]), find(storage, SIZES[1])];
  return small && large ? Number((large[field] / small[field]).toFixed(2)) : null;
};
for (const storage of ["lowdb", "postgres"] as const) {
  if (growth(storage, "p50") === null) continue;
  process.stdout.write(
    `${storage}: ${SIZES[1]} / ${SIZES[0]} conversations: p50 ${growth(storage, "p50")}x, p99 ${growth(storage, "p99")}x\n`,
  );
}
const rss = (storage: StorageName) => {
  const row = find(storage, SIZES[1]);
  return row ? Number(row.rssMb.toFixed(0)) : null;
};
const raw = (storage: StorageName) => {
  const byStorage = rows.filter((r) => r.storage === storage);
  if (byStorage.length === 0) return null;
  return Object.fromEntries(
    byStorage.map((r) => [
      String(r.conversations),
      {
        turnsPerSecond: Number(r.turnsPerSecond.toFixed(1)),
        p50Ms: Number(r.p50.toFixed(1)),
        p99Ms: Number(r.p99.toFixed(1)),
        startMs: Number(r.startMs.toFixed(0)),
        retentionMs: Number(r.retentionMs.toFixed(0)),
        seedS: Number(r.seedS.toFixed(1)),
        rssMb: Number(r.rssMb.toFixed(0)),
        peakRssMb: Number(r.peakMb.toFixed(0)),
      },
    ]),
  );
};
const rssAll = [rss("lowdb"), rss("postgres")].filter((v): v is number => v !== null);
process.stdout.write(
  `${JSON.stringify({
    growthLowdb: growth("lowdb", "p50"),
    growthPostgres: growth("postgres", "p50"),
    growthLowdbP99: growth("lowdb", "p99"),
    growthPostgresP99: growth("postgres", "p99"),
    rssMb: rssAll.length > 0 ? Math.max(...rssAll) : null,
    rssLowdbMb: rss("lowdb"),
    rssPostgresMb: rss("postgres"),
    conversations: SIZES,
    cases: CASES,
    users: USERS,
    seconds: SECONDS,
    lowdb: raw("lowdb"),
    postgres: raw("postgres"),
  })}\n`,
);
