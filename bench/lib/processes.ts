/**
 * The processes the turn benchmarks drive (`bench/turns.ts`, `bench/scale.ts`): the real server or the echo bot
 * started under node with tsx as a child process, the server's environment for a bench, and a throwaway
 * PostgreSQL schema.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";

const root = new URL("../..", import.meta.url).pathname;

/** How many of a process's last stdout lines `waitForLine` can still find. */
const RECENT_LINES = 200;

/** A stdout line and when it came (performance.now()). */
export interface Line {
  line: string;
  at: number;
}

/** A started process: its port, its pid, and how to stop it. */
export interface Target {
  name: string;
  port: number;
  pid: number;
  /**
   * Resolves with the first of the recent stdout lines (pino JSON lines for the server) that matches, else the
   * next one that does; rejects when the process exits or `timeoutMs` passes first.
   */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<Line>;
  /** True when one of the recent stdout lines matches. */
  saw(pattern: RegExp): boolean;
  stop(): Promise<void>;
}

/** Starts `args` under node with tsx and waits for its port (the echo bot prints it, the server logs it). */
export async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The last lines are kept (with when they came) so a waiter added after its line came still finds it; older
  // ones are dropped, so the pipe never fills up and the log never grows this process's memory.
  const recent: Line[] = [];
  const waiters = new Set<(line: Line) => void>();
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const at = performance.now();
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const text of lines) {
      const line = { line: text, at };
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      for (const waiter of [...waiters]) waiter(line);
    }
  });
  let exited = false;
  // A bench that fails midway must not leave its server running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => {
    exited = true;
    process.off("exit", killOnExit);
  });
  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<Line>((resolve, reject) => {
      const seen = recent.find((l) => pattern.test(l.line));
      if (seen) return resolve(seen);
      if (exited) return reject(new Error(`${name} has exited`));
      const done = () => {
        clearTimeout(timer);
        waiters.delete(onLine);
        child.off("exit", onExit);
      };
      const onLine = (line: Line) => {
        if (!pattern.test(line.line)) return;
        done();
        resolve(line);
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`${name} exited with ${code} before logging ${pattern}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${name} did not log ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(onLine);
      child.once("exit", onExit);
    });
  const { line } = await waitForLine(/"port":\s*\d+/, 10 * 60_000);
  const port = Number(/"port":\s*(\d+)/.exec(line)![1]);
  return {
    name,
    port,
    pid: child.pid!,
    waitForLine,
    saw: (pattern) => recent.some((l) => pattern.test(l.line)),
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The resident set size of process `pid` in MB (VmRSS, and its peak VmHWM, from /proc/<pid>/status). */
export async function residentMb(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** The server's environment for a bench: any free port, logs at info, rate limits out of the way. */
export const serverEnv = (dataDir: string): Record<string, string> => ({
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

/**
 * A fresh schema on the database at `database`, and a URL whose connections use it (search_path); undefined when
 * the database cannot be reached. `drop` removes the schema with everything in it.
 */
export async function postgresSchema(
  database: string,
): Promise<{ url: string; schema: string; drop(): Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: database, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  const schema = `bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(database);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
