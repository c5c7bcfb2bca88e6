/**
 * PostgreSQL faults against the real test database, through a loopback proxy so the shared server is never
 * stopped: backends terminated, connections cut, a database that stops answering, and a database that is not
 * there yet at start-up. The bot must never crash, every wait must be bounded, and it must recover by itself.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import { StorageError } from "../../src/errors.js";
import { createLogger } from "../../src/log.js";
import { openStorage, type Storage } from "../../src/storage/open-storage.js";
import { startTestBot, makeUser, visibleText } from "../harness/bot-server.js";
import { createTestSchema, testDatabaseUrl } from "../helpers/pg.js";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.js";

const target = new URL(testDatabaseUrl);
let proxy: TcpProxy;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
const app = `sw-fault-${randomUUID().slice(0, 8)}`;

function proxiedUrl(): string {
  const url = new URL(testDatabaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  url.searchParams.set("application_name", app);
  url.searchParams.set("options", `-c search_path=${schema.schema}`);
  return url.toString();
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    STORAGE: "postgres",
    DATABASE_URL: proxiedUrl(),
    DATABASE_CONNECT_TIMEOUT_MS: "500",
    DATABASE_STATEMENT_TIMEOUT_MS: "500",
    STARTUP_STORAGE_WAIT_MS: "0",
    LOG_LEVEL: "silent",
    ...extra,
  };
}

const open = (extra: Record<string, string> = {}): Promise<Storage> =>
  openStorage(loadConfig(env(extra)), createLogger("silent"));

async function roundTrip(storage: Storage, value: number): Promise<unknown> {
  const key = `probe/${randomUUID()}`;
  await storage.kv.write({ [key]: { value } });
  return (await storage.kv.read([key]))[key]?.value;
}

beforeAll(async () => {
  schema = await createTestSchema();
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
});
afterAll(async () => {
  await proxy.close();
  await schema.drop();
});
afterEach(() => proxy.blackhole(false));

describe("PostgreSQL storage under faults", () => {
  it("should survive pg_terminate_backend on every backend and work again on the next query", async () => {
    const storage = await open();
    try {
      expect(await roundTrip(storage, 1)).toBe(1);
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        [app],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 100)); // the pool sees the idle connections drop ('error')
      expect(await roundTrip(storage, 2)).toBe(2);
    } finally {
      await storage.close();
    }
  });

  it("should survive every connection being cut (a restart or failover) and recover", async () => {
    const storage = await open();
    try {
      expect(await roundTrip(storage, 1)).toBe(1);
      proxy.dropAll();
      await new Promise((r) => setTimeout(r, 100));
      expect(await roundTrip(storage, 3)).toBe(3);
    } finally {
      await storage.close();
    }
  });

  it("should fail a query within its time limit when the database stops answering, then recover", async () => {
    const storage = await open();
    try {
      expect(await roundTrip(storage, 1)).toBe(1);
      proxy.blackhole(true);
      const started = Date.now();
      await expect(storage.kv.read(["anything"])).rejects.toThrow(StorageError);
      expect(Date.now() - started).toBeLessThan(3000);
      proxy.blackhole(false);
      proxy.dropAll(); // the black-holed connections are useless; the pool opens new ones
      expect(await roundTrip(storage, 4)).toBe(4);
    } finally {
      await storage.close();
    }
  });

  it("should wait at start-up for a database that is not there yet, with a bounded wait", async () => {
    await proxy.stop();
    await expect(open({ STARTUP_STORAGE_WAIT_MS: "400" })).rejects.toThrow(StorageError);
    setTimeout(() => void proxy.start(), 700);
    const started = Date.now();
    const storage = await open({ STARTUP_STORAGE_WAIT_MS: "10000" });
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(await roundTrip(storage, 5)).toBe(5);
    } finally {
      await storage.close();
    }
  });

  it("should answer a turn with an apology and /readyz with 503 within seconds while the database hangs", async () => {
    const bot = await startTestBot(env());
    try {
      const user = makeUser();
      expect(visibleText(await bot.say(user, "help"))).toMatch(/check/i);
      proxy.blackhole(true);
      let started = Date.now();
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
      started = Date.now();
      const replies = await bot.say(user, "help");
      expect(visibleText(replies)).toMatch(/kan mijn opslag nu even niet bereiken/);
      expect(Date.now() - started).toBeLessThan(5000);
      proxy.blackhole(false);
      proxy.dropAll();
      // The pool notices its dead connections asynchronously; recovery means ready again within seconds, by itself.
      const deadline = Date.now() + 10_000;
      while ((await fetch(`${bot.url}/readyz`)).status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      expect(visibleText(await bot.say(user, "help"))).toMatch(/check/i);
    } finally {
      proxy.blackhole(false);
      await bot.stop();
    }
  });
});
