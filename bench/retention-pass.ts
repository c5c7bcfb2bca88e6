/**
 * `npx tsx bench/retention-pass.ts`: what the start-up retention pass costs on the embedded lowdb storage with many
 * stored conversations, and what turns feel while it runs. A lowdb data folder is seeded with `--conversations`
 * conversations (the state a real server stored for the first turns of the mixed script, copied under new ids, as
 * bench:scale does); `--old` of them (a share) are made 60 days idle, so the pass has files to delete. Then the
 * server starts as its own process and `--users` virtual users send turns from the moment it listens until its
 * retention pass has logged, and for `--after` seconds more.
 * Prints the time to listen, to the first answered turn, of the pass, turn latency during and after the pass, and
 * the server's peak RSS; last line JSON.
 *
 *   npx tsx bench/retention-pass.ts -- [--conversations 100000] [--old 0.1] [--users 10] [--after 3]
 *                                      [--max-pass 1800] [--think 0]
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, utimes } from "node:fs/promises";
import { Agent } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { StoreItem } from "../src/storage/key-value-store.js";
import { openLowdbKeyValueStore } from "../src/storage/lowdb-kv-store.js";
import { messageBody, SCRIPT, turn } from "./lib/load.js";
import { residentMb, serverEnv, startProcess } from "./lib/processes.js";

const { values } = parseArgs({
  options: {
    conversations: { type: "string", default: "100000" },
    old: { type: "string", default: "0.1" },
    users: { type: "string", default: "10" },
    after: { type: "string", default: "3" },
    "max-pass": { type: "string", default: "1800" },
    think: { type: "string", default: "0" },
  },
});
const CONVERSATIONS = Number(values.conversations);
const OLD_SHARE = Number(values.old);
const USERS = Number(values.users);
const AFTER_S = Number(values.after);
/** A pass still running after this many seconds is reported as unfinished (with how far it got). */
const MAX_PASS_S = Number(values["max-pass"]);
/** Each user's pause between its turns in ms: 0 keeps the server saturated, more is a realistic load. */
const THINK_MS = Number(values.think);
const SEED_BATCH = 100;
const SEED_CONCURRENCY = 8;
const DAY_MS = 24 * 3600_000;
const progress = (text: string) => process.stderr.write(`bench:retention: ${text}\n`);

const dir = await mkdtemp(join(tmpdir(), "sw-bench-retention-"));
const stateDir = join(dir, "state");
const env = serverEnv(dir);
/** The lowdb store's file for a key (its naming: sha256 of the key, 40 hex digits). */
const fileFor = (key: string) =>
  join(stateDir, `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`);

try {
  // The template: what the server stores for one conversation after the first turns of the script.
  const templateId = `bench-${randomUUID()}`;
  {
    const server = await startProcess("lowdb", ["src/main.ts"], env);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (const text of SCRIPT.slice(0, 4)) await turn(agent, server.port, messageBody(templateId, text));
    agent.destroy();
    await server.stop();
  }
  const kv = await openLowdbKeyValueStore(dir);
  const names = (await readdir(stateDir)).filter((n) => n.endsWith(".json"));
  const keys = await Promise.all(
    names.map(async (n) => (JSON.parse(await readFile(join(stateDir, n), "utf8")) as { key: string }).key),
  );
  const stored = await kv.read(keys.filter((k) => k.includes(templateId)));
  const template = JSON.stringify(
    Object.fromEntries(Object.entries(stored).map(([key, { eTag: _, ...item }]) => [key, item])),
  );
  const seedUser = (i: number) => `seed-${String(i).padStart(6, "0")}`;
  const cloneFor = (user: string) => {
    const items = JSON.parse(template.replaceAll(templateId, user)) as Record<string, StoreItem>;
    for (const item of Object.values(items)) item.eTag = "*";
    return items;
  };
  const started = performance.now();
  let next = 0;
  let old = 0;
  const oldCount = Math.round(CONVERSATIONS * OLD_SHARE);
  const idle = new Date(Date.now() - 60 * DAY_MS);
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < CONVERSATIONS) {
        const start = next;
        const end = Math.min(CONVERSATIONS, start + SEED_BATCH);
        next = end;
        const batch: Record<string, StoreItem> = {};
        for (let i = start; i < end; i++) Object.assign(batch, cloneFor(seedUser(i)));
        await kv.write(batch);
        // The first `oldCount` conversations have been idle for 60 days (past every default retention).
        for (let i = start; i < Math.min(end, oldCount); i++) {
          for (const key of Object.keys(cloneFor(seedUser(i)))) await utimes(fileFor(key), idle, idle);
          old += 1;
        }
      }
    }),
  );
  await kv.close();
  const files = (await readdir(stateDir)).length;
  progress(
    `seeded ${CONVERSATIONS} conversations (${old} idle), ${files} files, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The measured start: turns from the moment the server listens.
  const spawned = performance.now();
  const server = await startProcess("lowdb", ["src/main.ts"], env);
  const listening = performance.now();
  const during: number[] = [];
  const afterPass: number[] = [];
  let firstAnswered = Number.NaN;
  let passEnd = Number.POSITIVE_INFINITY;
  let stopAt = Number.POSITIVE_INFINITY;
  const user = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const id = `bench-${randomUUID()}`;
    for (let i = 0; performance.now() < stopAt; i++) {
      const sent = performance.now();
      const ms = await turn(agent, server.port, messageBody(id, SCRIPT[i % SCRIPT.length]!));
      if (Number.isNaN(firstAnswered)) firstAnswered = performance.now();
      (sent < passEnd ? during : afterPass).push(ms);
      if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS));
    }
    agent.destroy();
  };
  // With --users 0 the pass runs alone (its own cost, as bench:scale measures it).
  const users = Promise.all(Array.from({ length: USERS }, user));
  const retention = await server
    .waitForLine(/"msg":"retention (applied|run failed)"/, MAX_PASS_S * 1000)
    .catch(() => undefined);
  passEnd = retention?.at ?? performance.now();
  stopAt = retention ? performance.now() + AFTER_S * 1000 : 0;
  await users;
  const memory = await residentMb(server.pid);
  const left = (await readdir(stateDir)).filter((n) => n.endsWith(".json")).length;
  // An unfinished pass would hold up a graceful stop (before the fix it was waited for): kill the server then.
  if (!retention) process.kill(server.pid, "SIGKILL");
  await server.stop();
  if (retention?.line.includes("failed")) throw new Error("the retention pass failed");
  const report = retention ? (JSON.parse(retention.line) as Record<string, unknown>) : {};

  const pct = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  };
  const result = {
    conversations: CONVERSATIONS,
    files,
    filesLeft: left,
    conversationsPurged: report.conversations,
    userReferencesPurged: report.userReferences,
    listenMs: Math.round(listening - spawned),
    firstTurnAfterListenMs: Math.round(firstAnswered - listening),
    passMs: Math.round(passEnd - listening),
    passFinished: retention !== undefined,
    turnsDuringPass: during.length,
    p50DuringMs: Number(pct(during, 0.5).toFixed(1)),
    p99DuringMs: Number(pct(during, 0.99).toFixed(1)),
    maxDuringMs: Number(pct(during, 1).toFixed(1)),
    turnsAfterPass: afterPass.length,
    p50AfterMs: Number(pct(afterPass, 0.5).toFixed(1)),
    p99AfterMs: Number(pct(afterPass, 0.99).toFixed(1)),
    peakRssMb: Math.round(memory.peakMb),
    rssMb: Math.round(memory.rssMb),
    users: USERS,
    thinkMs: THINK_MS,
  };
  process.stdout.write(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  for (const [name, value] of Object.entries(result)) process.stdout.write(`${name.padEnd(24)}${value}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
