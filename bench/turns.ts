/**
 * `npm run bench:turns`: turns/s and latency of the real server against a bare echo bot on the same stack, each in
 * its own process, driven by one load generator in this process. Each virtual user has its own keep-alive
 * connection and conversation and repeats a mixed script that reads and writes state (help, a question, check, an
 * answer, stop, mijn meldingen), at concurrency 1, 10 and 50, for a fixed time per level after a warm-up. Targets:
 * the echo bot, the server on lowdb, and the server on PostgreSQL (skipped when none is reachable).
 * Prints a table and, as its last line, one JSON object (`ratioLowdb`, `ratioPostgres`: turns/s at concurrency 10
 * divided by the echo bot's in this run; `p99...Ms` at concurrency 10).
 *
 *   npm run bench:turns -- [--seconds 5] [--database postgres://postgres@127.0.0.1:5432/test]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { load } from "./lib/load.js";
import { postgresSchema, serverEnv, startProcess, type Target } from "./lib/processes.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    database: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  },
});
const SECONDS = Number(values.seconds);
const LEVELS = [1, 10, 50] as const;

const results: Record<string, Record<number, Awaited<ReturnType<typeof load>>>> = {};
async function measure(target: Target) {
  await load(target.port, 10, 2); // warm-up: JIT, caches, connections; not reported
  results[target.name] = {};
  for (const users of LEVELS) results[target.name]![users] = await load(target.port, users, SECONDS);
  await target.stop();
}

const dataDir = await mkdtemp(join(tmpdir(), "sw-bench-turns-"));
await measure(await startProcess("echo", ["bench/echo-bot.ts", "0"], {}));
await measure(await startProcess("lowdb", ["src/main.ts"], serverEnv(join(dataDir, "lowdb"))));
const database = await postgresSchema(values.database!);
if (database) {
  await measure(
    await startProcess("postgres", ["src/main.ts"], {
      ...serverEnv(join(dataDir, "pg")),
      STORAGE: "postgres",
      DATABASE_URL: database.url,
    }),
  );
  await database.drop();
} else process.stdout.write(`PostgreSQL not reachable at ${values.database}: skipped (set --database)\n`);
await rm(dataDir, { recursive: true, force: true });

const pad = (s: string, n: number) => s.padStart(n);
process.stdout.write(
  `${"target".padEnd(10)}${pad("users", 6)}${pad("turns/s", 10)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("vs echo", 9)}\n`,
);
for (const [name, byLevel] of Object.entries(results)) {
  for (const users of LEVELS) {
    const r = byLevel[users]!;
    const ratio = r.turnsPerSecond / results.echo![users]!.turnsPerSecond;
    process.stdout.write(
      `${name.padEnd(10)}${pad(String(users), 6)}${pad(r.turnsPerSecond.toFixed(0), 10)}${pad(r.p50.toFixed(1), 9)}${pad(r.p99.toFixed(1), 9)}${pad(ratio.toFixed(2), 9)}\n`,
    );
  }
}
const at10 = (name: string) => results[name]?.[10];
const ratio = (name: string) =>
  at10(name) ? Number((at10(name)!.turnsPerSecond / at10("echo")!.turnsPerSecond).toFixed(3)) : null;
const p99 = (name: string) => (at10(name) ? Number(at10(name)!.p99.toFixed(1)) : null);
process.stdout.write(
  `${JSON.stringify({
    ratioLowdb: ratio("lowdb"),
    ratioPostgres: ratio("postgres"),
    p99LowdbMs: p99("lowdb"),
    p99PostgresMs: p99("postgres"),
    p99EchoMs: p99("echo"),
    seconds: SECONDS,
  })}\n`,
);
