import type { AddressInfo } from "node:net";
import type { Activity } from "botbuilder";
import { createLogger } from "../../src/log.js";
import { createServer, type AllowList, type ServerDeps } from "../../src/bot/server.js";

type FakeAdapter = ServerDeps["adapter"];

const activity = {
  type: "message",
  text: "help",
  channelId: "msteams",
  serviceUrl: "http://127.0.0.1:9",
  from: { id: "u" },
  conversation: { id: "c", tenantId: "tenant-a" },
};

async function start(adapter: FakeAdapter, allow: AllowList = { channels: ["msteams"], tenants: [] }) {
  const { server } = createServer({
    adapter,
    allow,
    handleTurn: async () => undefined,
    readiness: [],
    logger: createLogger("silent"),
    authLimits: { timeoutMs: 200, maxPending: 4, coolDownMs: 300 },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (body: unknown) => {
    const res = await fetch(`${url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer a.b.c" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  return { post, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const accepting = (calls: { auth: number; processed: Activity[] }): FakeAdapter => ({
  authenticate: async () => {
    calls.auth += 1;
    return {} as Awaited<ReturnType<FakeAdapter["authenticate"]>>;
  },
  processAuthenticated: async (_auth, a) => {
    calls.processed.push(a);
    return undefined;
  },
});

describe("createServer /api/messages", () => {
  it("should answer 503 with a generic body when the token check hangs, within its time limit", async () => {
    const server = await start({
      authenticate: () => new Promise(() => undefined),
      processAuthenticated: async () => undefined,
    });
    try {
      const started = Date.now();
      const res = await server.post(activity);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.text).toBe('{"error":"authentication unavailable, try again later"}');
    } finally {
      await server.close();
    }
  });

  it("should cap the token checks in flight and cool down after a failure instead of fetching again", async () => {
    let started = 0;
    const server = await start({
      authenticate: () => {
        started += 1;
        return new Promise(() => undefined);
      },
      processAuthenticated: async () => undefined,
    });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => server.post(activity)));
      expect(results.every((r) => r.status === 503)).toBe(true);
      expect(started).toBeLessThanOrEqual(4);
      const again = await server.post(activity); // still cooling down: no new check is started
      expect(again.status).toBe(503);
      expect(started).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });

  it("should answer 401 for a bad token before looking at the activity's shape", async () => {
    const server = await start({
      authenticate: async () => {
        throw Object.assign(new Error("Unauthorized Access. Request is not authorized"), { statusCode: 401 });
      },
      processAuthenticated: async () => undefined,
    });
    try {
      const res = await server.post({ type: "message" }); // no conversation: a 400 would name the field
      expect(res.status).toBe(401);
      expect(res.text).toBe('{"error":"unauthorized"}');
    } finally {
      await server.close();
    }
  });

  it("should name the bad field only to an authenticated caller", async () => {
    const calls = { auth: 0, processed: [] as Activity[] };
    const server = await start(accepting(calls));
    try {
      const res = await server.post({ type: "message", serviceUrl: "http://x" });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ field: "conversation" });
      expect(calls.processed).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("should refuse an entity without type and a deeply nested value before any turn runs", async () => {
    const calls = { auth: 0, processed: [] as Activity[] };
    const server = await start(accepting(calls));
    try {
      const noType = await server.post({ ...activity, entities: [{ mentioned: { id: "x" } }] });
      expect(noType.status).toBe(400);
      expect(JSON.parse(noType.text)).toMatchObject({ field: "entities.0.type" });
      const deep = `${'{"d":'.repeat(3000)}1${"}".repeat(3000)}`;
      const nested = await server.post(
        `${JSON.stringify({ ...activity, type: "invoke" }).slice(0, -1)},"value":${deep}}`,
      );
      expect(nested.status).toBe(400);
      expect(nested.text).toMatch(/nested deeper than 32/);
      expect(calls.processed).toHaveLength(0);
      expect((await server.post({ ...activity, value: { form: { a: "1" } } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("should refuse other channels and tenants with 403 and process allowed ones", async () => {
    const calls = { auth: 0, processed: [] as Activity[] };
    const server = await start(accepting(calls), { channels: ["msteams"], tenants: ["tenant-a"] });
    try {
      expect((await server.post({ ...activity, channelId: "webchat" })).status).toBe(403);
      expect((await server.post({ ...activity, channelId: "slack" })).status).toBe(403);
      const otherTenant = { ...activity, conversation: { id: "c", tenantId: "tenant-b" } };
      expect((await server.post(otherTenant)).status).toBe(403);
      expect((await server.post({ ...activity, conversation: { id: "c" } })).status).toBe(403);
      expect(calls.processed).toHaveLength(0);
      expect((await server.post(activity)).status).toBe(200);
      const viaChannelData = {
        ...activity,
        conversation: { id: "c" },
        channelData: { tenant: { id: "tenant-a" } },
      };
      expect((await server.post(viaChannelData)).status).toBe(200);
      expect(calls.processed).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
