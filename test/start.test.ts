import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Starts `src/main.ts` as `npm start` does and collects its output. */
function startMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exit };
}

async function waitForPort(output: () => string, timeoutMs = 15_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = /"port":(\d+).*"msg":"listening"/.exec(output());
    if (m) return Number(m[1]);
    if (Date.now() > end) throw new Error(`no "listening" line in time:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("start-up (src/main.ts as a process)", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sw-start-"));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("should serve health and a help reply within seconds, then stop cleanly on SIGTERM", async () => {
    const started = Date.now();
    const main = startMain({ DATA_DIR: dataDir });
    const port = await waitForPort(main.output);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const readyMs = Date.now() - started;
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        text: "help",
        channelId: "emulator",
        serviceUrl: "http://127.0.0.1:9",
        deliveryMode: "expectReplies",
        from: { id: "u1" },
        recipient: { id: "bot" },
        conversation: { id: "c1" },
      }),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain("Wat kan ik voor je doen?");
    main.child.kill("SIGTERM");
    expect(await main.exit).toBe(0);
    expect(main.output()).toContain('"msg":"stopped"');
    expect(main.output()).not.toContain("help"); // the message text is never logged
    expect(readyMs).toBeLessThan(15_000);
  }, 30_000);

  it("should refuse to start on a bad variable and name it", async () => {
    const main = startMain({ DATA_DIR: dataDir, STORAGE: "postgres" });
    expect(await main.exit).toBe(1);
    expect(main.output()).toMatch(/DATABASE_URL: required when STORAGE=postgres/);
  }, 30_000);

  it("should refuse to start on broken content and name the file", async () => {
    const main = startMain({ DATA_DIR: dataDir, KNOWLEDGE_DIR: join(dataDir, "no-such-knowledge") });
    expect(await main.exit).toBe(1);
    expect(main.output()).toMatch(/no-such-knowledge/);
  }, 30_000);
});
