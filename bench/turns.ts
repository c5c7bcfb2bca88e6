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
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    database: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  },
});
const SECONDS = Number(values.seconds);
const LEVELS = [1, 10, 50] as const;
const SCRIPT = ["help", "wat zijn signalen van arbeidsuitbuiting?", "check", "1", "stop", "mijn meldingen"];
const root = new URL("..", import.meta.url).pathname;

interface Target {
  name: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `args` under node with tsx and waits for its port (the echo bot prints it, the server logs it). */
async function startProcess(name: string, args: string[], env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const m = /"port":\s*(\d+)/.exec(buffered);
      if (!m) return;
      child.stdout!.off("data", onData);
      resolve(Number(m[1]));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
  child.stdout!.resume();
  return {
    name,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** One turn over `agent`'s connection; resolves with the latency in ms. */
function turn(agent: Agent, port: number, body: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/messages",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `users` virtual users for `seconds`: turns/s and latency percentiles. */
async function load(port: number, users: number, seconds: number) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const user = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const id = `bench-${randomUUID()}`;
    for (let i = 0; performance.now() < end; i++) {
      const body = JSON.stringify({
        type: "message",
        text: SCRIPT[i % SCRIPT.length],
        channelId: "msteams",
        serviceUrl: "http://127.0.0.1:9",
        deliveryMode: "expectReplies",
        locale: "nl-NL",
        from: { id, aadObjectId: id, name: "Bench" },
        recipient: { id: "bot" },
        conversation: { id: `conv-${id}`, conversationType: "personal" },
      });
      latencies.push(await turn(agent, port, body));
    }
    agent.destroy();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: users }, user));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { turnsPerSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

const serverEnv = (dataDir: string): Record<string, string> => ({
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  LOG_LEVEL: "info",
  // The bench measures turns, not the rate limiter's refusals.
  RATE_LIMIT_USER_PER_MINUTE: "100000",
  RATE_LIMIT_USER_BURST: "100000",
  RATE_LIMIT_TENANT_PER_MINUTE: "1000000",
  RATE_LIMIT_TENANT_BURST: "1000000",
});

async function postgresSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: values.database, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  const schema = `bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(values.database!);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

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
const database = await postgresSchema();
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
