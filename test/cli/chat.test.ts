import { spawn } from "node:child_process";
import { startTestBot, type TestBot } from "../harness/bot-server.js";

function runChat(
  url: string,
  input: string,
  extra: string[] = [],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/chat.ts", "--url", url, ...extra], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

describe("chat CLI", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.stop());

  it("should print the bot's replies as JSON lines in --json mode", async () => {
    const { code, out } = await runChat(bot.url, 'help\n{"click":{"verb":"help.show"}}\n', ["--json"]);
    expect(code).toBe(0);
    const activities = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(activities.filter((a) => a.type === "message").length).toBeGreaterThanOrEqual(3);
    expect(activities.some((a) => a.type === "invokeResponse")).toBe(true);
  }, 30_000);

  it("should render cards with numbered buttons and press one by number", async () => {
    const { out } = await runChat(bot.url, "help\n4\n/quit\n");
    expect(out).toContain("== Wat kan ik voor je doen? ==");
    expect(out).toMatch(/\[4\] Help/);
    expect(out.match(/Wat kan ik voor je doen\?/g)?.length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it("should say clearly when no bot is running", async () => {
    const { code, out } = await runChat("http://127.0.0.1:9", "help\n", ["--json"]);
    expect(code).toBe(1);
    expect(out).toMatch(/cannot reach .* is the bot running\?/);
  }, 30_000);
});
