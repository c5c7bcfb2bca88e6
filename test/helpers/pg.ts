/**
 * A throwaway PostgreSQL schema per test file, on the CI database (127.0.0.1:5432, user postgres, database test).
 * TEST_DATABASE_URL overrides the address. Without a reachable database the PostgreSQL tests fail (in CI and
 * locally alike), with an error that says how to point them at one.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** How long the first connection may take before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** The test database's address without its credentials, for messages. */
function shownUrl(): string {
  const url = new URL(testDatabaseUrl);
  url.password = "";
  return `${url.protocol}//${url.username ? `${url.username}@` : ""}${url.host}${url.pathname}`;
}

/** Creates a unique schema and a pool whose search_path points at it; `drop` removes both. */
export async function createTestSchema(): Promise<{
  pool: pg.Pool;
  schema: string;
  drop: () => Promise<void>;
}> {
  const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Pool({
    connectionString: testDatabaseUrl,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (cause) {
    throw new Error(
      `PostgreSQL tests need a database, and none answered at ${shownUrl()} (${(cause as Error).message}). ` +
        "Start one (CI uses 127.0.0.1:5432, user postgres, database test) or point the tests at yours with " +
        "TEST_DATABASE_URL=postgres://user@host:5432/database.",
      { cause },
    );
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: testDatabaseUrl,
    max: 5,
    options: `-c search_path=${schema}`,
  });
  return {
    pool,
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}
