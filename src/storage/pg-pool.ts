/**
 * @module storage/pg-pool
 * A PostgreSQL pool that survives its database: connect, statement and idle timeouts and TCP keepalive from the
 * settings, and `'error'` listeners on the pool and on every client, because pg emits `'error'` when the server
 * drops a connection (a restart, a failover, `pg_terminate_backend`), on the pool for an idle one and on the client
 * for one in use, and an unhandled one ends the process. The pool
 * itself reconnects on the next query, so recovery needs nothing else.
 */
import pg from "pg";
import type { Logger } from "../log.js";
import { useUnnamedStatements } from "./pg-statement.js";
import type { PgSettings } from "./storage-settings.js";

/** Creates the pool for `url` with the limits in `settings`; dropped connections are logged, never thrown. */
export function createPgPool(url: string, settings: PgSettings, logger: Logger): pg.Pool {
  const log = logger.child({ module: "pg" });
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    // The server ends a statement after this long; query_timeout also covers a server that stopped answering.
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + 1000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  if (!settings.namedStatements) useUnnamedStatements(pool);
  pool.on("error", (error: Error & { code?: string }) => {
    log.warn({ err: { name: error.name, code: error.code } }, "idle database connection lost");
  });
  // A client checked out of the pool (a transaction in progress) emits 'error' itself when its connection drops;
  // without a listener that, too, would end the process. The query it was running fails and is handled there.
  pool.on("connect", (client) => {
    client.on("error", (error: Error & { code?: string }) => {
      log.warn({ err: { name: error.name, code: error.code } }, "database connection lost during use");
    });
  });
  return pool;
}

/**
 * Runs `open` until it succeeds or `waitMs` has passed, with exponential back-off (0.25 s doubling, at most 5 s),
 * logging each failure, so a bot started while its database is down waits for it instead of exiting (and an
 * orchestrator does not restart it in a loop). Rethrows the last error when time is up.
 */
export async function retryUntil<T>(
  open: () => Promise<T>,
  waitMs: number,
  logger: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const deadline = Date.now() + waitMs;
  let delay = 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await open();
    } catch (error) {
      const left = deadline - Date.now();
      if (left <= 0) throw error;
      logger.warn(
        { attempt, retryInMs: Math.min(delay, left), err: { name: (error as Error).name } },
        "storage not reachable yet",
      );
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
