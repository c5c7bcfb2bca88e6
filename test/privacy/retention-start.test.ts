import { mkdtemp, readdir, readFile, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { createApp, type App } from "../../src/main.js";
import type { StoreItem } from "../../src/storage/key-value-store.js";
import { openLowdbKeyValueStore } from "../../src/storage/lowdb-kv-store.js";
import { botClient, makeUser, visibleText } from "../harness/bot-server.js";

const DAY_MS = 86_400_000;
/**
 * Idle conversations in the data folder: the start-up pass has to open and delete each one, which takes more
 * than ten times as long as answering one turn (measured here: about 2 s against 150 ms on a busy machine).
 */
const IDLE = 3000;

/** Seeds `count` conversation states in `dataDir`, last written 45 days ago (past the default 30 days). */
async function seedIdleConversations(dataDir: string, count: number): Promise<void> {
  const kv = await openLowdbKeyValueStore(dataDir);
  for (let i = 0; i < count; i += 200) {
    const batch: Record<string, StoreItem> = {};
    for (let j = i; j < Math.min(count, i + 200); j++) {
      batch[`conversation/msteams/idle-${j}`] = { dialog: { step: j }, eTag: "*" };
    }
    await kv.write(batch);
  }
  await kv.close();
  const at = new Date(Date.now() - 45 * DAY_MS);
  const stateDir = join(dataDir, "state");
  for (const name of await readdir(stateDir)) await utimes(join(stateDir, name), at, at);
}

/** A logger that keeps its JSON lines, so the test can see when the retention pass ended. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("retention pass at start-up (lowdb)", () => {
  let dataDir: string;
  let app: App | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sw-retention-start-"));
    await seedIdleConversations(dataDir, IDLE);
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const { logger, lines } = recordingLogger();
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info" });
    app = await createApp(config, { logger });
    const { url } = await app.start();
    const applied = () => lines.find((l) => l.msg === "retention applied");
    return { url, lines, applied };
  };

  it("should answer a turn while the start-up pass is still running, and finish the pass after", async () => {
    const { url, applied } = await start();
    const reply = await botClient(url, "http://127.0.0.1:9").say(makeUser(), "help");
    const passEndedBeforeReply = applied() !== undefined;
    expect(visibleText(reply)).toContain("Welkom bij Signaalwijzer");
    expect(passEndedBeforeReply).toBe(false);

    expect(await waitFor(applied)).toMatchObject({ conversations: IDLE });
    // Only the conversation the test just had is left.
    const left = await readdir(join(dataDir, "state"));
    const keys = await Promise.all(
      left
        .filter((n) => n.endsWith(".json"))
        .map(
          async (n) => (JSON.parse(await readFile(join(dataDir, "state", n), "utf8")) as { key: string }).key,
        ),
    );
    expect(keys.some((k) => k.startsWith("conversation/msteams/idle-"))).toBe(false);
  });

  it("should stop a running pass at shutdown instead of waiting for it, leaving the rest for the next start", async () => {
    const { lines } = await start();
    await app!.stop();
    app = undefined;
    expect(lines.find((l) => l.msg === "retention run stopped for shutdown")).toBeDefined();
    expect(lines.find((l) => l.msg === "retention applied")).toBeUndefined();
    const left = (await readdir(join(dataDir, "state"))).filter((n) => n.endsWith(".json"));
    expect(left.length).toBeGreaterThan(IDLE / 2);

    const next = await start();
    expect(await waitFor(next.applied)).toMatchObject({ conversations: left.length });
  });
});
