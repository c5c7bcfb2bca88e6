/**
 * A throwaway PostgreSQL schema per test file, on the CI database (127.0.0.1:5432, user postgres, database test).
 * DATABASE_URL overrides the address.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Creates a unique schema and a pool whose search_path points at it; `drop` removes both. */
export async function createTestSchema(): Promise<{
  pool: pg.Pool;
  schema: string;
  drop: () => Promise<void>;
}> {
  const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
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
