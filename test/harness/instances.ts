/**
 * Several real bot processes on one PostgreSQL schema, for the multi-instance tests: `src/main.ts` run under node
 * with tsx (as `npm start` runs it), each on a free port, with its own `application_name` so a test can see its
 * database sessions, its pino log lines kept and parsed, and the signals a test needs: pause (SIGSTOP), resume,
 * kill (SIGKILL) and a graceful stop. Every process started here is SIGKILLed when the test process exits, so a
 * test that fails or times out leaves no orphan behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { repoRoot } from "../../src/config.js";
import { botClient, type BotClient } from "./bot-server.js";

/** One pino line of an instance's log, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string; time?: number };

/** A running bot process. */
export interface Instance {
  name: string;
  /** The `application_name` of its database sessions (pg_stat_activity). */
  appName: string;
  pid: number;
  url: string;
  /** Posts activities to this instance; they carry the fake connector's serviceUrl. */
  client: BotClient;
  /** The log lines so far (the most recent MAX_LOG_LINES). */
  logs(): readonly LogLine[];
  /** How the process ended, or undefined while it runs. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Freezes the process (SIGSTOP): it holds its sockets but runs no code, timers included, until `resume`. */
  pause(): void;
  resume(): void;
  /** SIGKILL, as a crash or an OOM kill would end it: no shutdown code runs. Resolves when it has exited. */
  kill(): Promise<void>;
  /** Graceful stop (SIGTERM, resumed first if paused); SIGKILL when it has not exited within STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/** Settings of one instance: the database URL (with its search_path) and the environment over the defaults. */
export interface InstanceSettings {
  databaseUrl: string;
  serviceUrl: string;
  env?: Record<string, string>;
}

const MAX_LOG_LINES = 20_000;
const STDERR_TAIL_LINES = 40;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;

const children = new Set<ChildProcess>();
// The last resort against orphans: whatever is still running when the test process ends is killed.
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts one instance and resolves once it logs `listening`; rejects (with its stderr) if it exits first. */
export async function startInstance(name: string, settings: InstanceSettings): Promise<Instance> {
  const appName = `sw-${name}-${randomUUID().slice(0, 8)}`;
  const databaseUrl = new URL(settings.databaseUrl);
  databaseUrl.searchParams.set("application_name", appName);
  const dataDir = await mkdtemp(join(tmpdir(), `sw-instance-${name}-`));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      // Authentication off (development mode) whatever the calling shell has set.
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      MicrosoftAppTenantId: "",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATA_DIR: dataDir,
      STORAGE: "postgres",
      DATABASE_URL: databaseUrl.toString(),
      ...settings.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const logs: LogLine[] = [];
  const stderr: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      children.delete(child);
      resolve();
    }),
  );
  void exitedPromise.then(() => rm(dataDir, { recursive: true, force: true }));
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const text of lines) {
      try {
        logs.push(JSON.parse(text) as LogLine);
      } catch {
        logs.push({ msg: "(not json)", raw: text.slice(0, 500) });
      }
      if (logs.length > MAX_LOG_LINES) logs.shift();
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (stderr.length > STDERR_TAIL_LINES) stderr.splice(0, stderr.length - STDERR_TAIL_LINES);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const timer = setInterval(() => {
      const listening = logs.find((l) => l.msg === "listening");
      if (listening) {
        clearInterval(timer);
        resolve(Number(listening.port));
      } else if (exit || Date.now() > deadline) {
        clearInterval(timer);
        if (!exit) child.kill("SIGKILL");
        reject(
          new Error(
            `instance ${name} ${exit ? `exited (${exit.code ?? exit.signal})` : "did not listen in time"}: ` +
              [...stderr, ...logs.slice(-5).map((l) => JSON.stringify(l))].join("\n"),
          ),
        );
      }
    }, 20);
  });
  const url = `http://127.0.0.1:${port}`;
  const signal = (s: NodeJS.Signals) => {
    if (!exit) child.kill(s);
  };
  return {
    name,
    appName,
    pid: child.pid!,
    url,
    client: botClient(url, settings.serviceUrl),
    logs: () => logs,
    exited: () => exit,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    kill: async () => {
      signal("SIGKILL");
      await exitedPromise;
    },
    stop: async () => {
      signal("SIGCONT");
      signal("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">(
        (resolve) => (timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS)),
      );
      if ((await Promise.race([exitedPromise, late])) === "late") signal("SIGKILL");
      clearTimeout(timer);
      await exitedPromise;
    },
  };
}

/** A client that sends each call to the next of `clients` in turn, so one conversation hops between instances. */
export function alternating(clients: readonly BotClient[]): BotClient {
  let next = 0;
  const pick = () => clients[next++ % clients.length]!;
  return {
    url: clients[0]!.url,
    serviceUrl: clients[0]!.serviceUrl,
    say: (user, text, activityId) => pick().say(user, text, activityId),
    click: (user, verb, data, activityId) => pick().click(user, verb, data, activityId),
    post: (activity, headers) => pick().post(activity, headers),
  };
}

/** Polls `predicate` every 25 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The database sessions of `appNames` that are doing something (a statement, or an open transaction). */
export async function busySessions(pool: pg.Pool, appNames: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ANY($1) AND state <> 'idle'",
    [appNames],
  );
  return rows[0]!.n;
}

/**
 * Pauses `instance` at a moment its database sessions are all idle, so the frozen process holds no transaction,
 * row lock or the outbox-claim lock that the other instances would then wait on. A pause that lands inside a
 * transaction is undone and tried again.
 */
export async function pauseWhenIdle(instance: Instance, pool: pg.Pool, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    instance.pause();
    // A statement sent just before the pause still finishes; give it a moment to settle to idle.
    const settle = Date.now() + 300;
    while (Date.now() < settle && (await busySessions(pool, [instance.appName])) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if ((await busySessions(pool, [instance.appName])) === 0) return;
    instance.resume();
    if (Date.now() > deadline)
      throw new Error(`instance ${instance.name} never paused outside a transaction`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/**
 * Locks the rows `lockSql` selects (a `SELECT ... FOR UPDATE`) in a transaction of the test's own, so writers to
 * them wait; `release` commits. A test uses it to make two instances' writes meet: both read, both try to write,
 * both wait, and the test lets them go at once.
 */
export async function holdRows(
  pool: pg.Pool,
  lockSql: string,
  params: unknown[],
): Promise<{ locked: number; release(): Promise<void> }> {
  const client = await pool.connect();
  await client.query("BEGIN");
  let released = false;
  try {
    const { rowCount } = await client.query(lockSql, params);
    return {
      locked: rowCount ?? 0,
      release: async () => {
        if (released) return;
        released = true;
        try {
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      },
    };
  } catch (error) {
    await client.query("ROLLBACK");
    client.release();
    throw error;
  }
}

/** Waits until a session of each of `appNames` waits for a lock (pg_stat_activity wait_event_type 'Lock'). */
export async function waitForLockWaiters(
  pool: pg.Pool,
  appNames: readonly string[],
  timeoutMs = 10_000,
): Promise<void> {
  await waitUntil(
    `sessions of ${appNames.join(", ")} waiting on a lock`,
    async () => {
      const { rows } = await pool.query<{ application_name: string }>(
        "SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name = ANY($1) AND wait_event_type = 'Lock'",
        [appNames],
      );
      return rows.length === appNames.length;
    },
    timeoutMs,
  );
}
