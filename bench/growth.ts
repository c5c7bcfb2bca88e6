/**
 * Turn throughput and latency of the running bot over HTTP (`deliveryMode: expectReplies`), with few and with
 * many stored conversations: the per-conversation state files should keep the cost of a turn flat as data grows.
 * The baseline is the same bot with 100 stored conversations, measured in the same run.
 *
 *   npm run bench:growth -- [--many 20000] [--turns 2000] [--concurrency 10]
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { createApp } from "../src/main.js";
import { openLowdbKeyValueStore } from "../src/storage/lowdb-kv-store.js";

const { values } = parseArgs({
  options: {
    many: { type: "string", default: "20000" },
    turns: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "10" },
  },
});

const MESSAGES = ["help", "wat zijn signalen van arbeidsuitbuiting?", "check", "1", "stop", "mijn meldingen"];

async function seed(dataDir: string, count: number): Promise<void> {
  const kv = await openLowdbKeyValueStore(dataDir);
  for (let i = 0; i < count; i += 200) {
    const batch: Record<string, { v: number; welcomed: boolean; handled: string[] }> = {};
    for (let j = i; j < Math.min(count, i + 200); j++) {
      batch[`conversation/msteams/seed-${j}`] = { v: 1, welcomed: true, handled: [] };
    }
    await kv.write(batch);
  }
  await kv.close();
}

async function measure(
  stored: number,
  total = Number(values.turns),
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), "sw-bench-turns-"));
  await seed(dataDir, stored);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    // The bench measures turns, not the rate limiter's refusals.
    RATE_LIMIT_USER_PER_MINUTE: "100000",
    RATE_LIMIT_USER_BURST: "100000",
    RATE_LIMIT_TENANT_PER_MINUTE: "1000000",
    RATE_LIMIT_TENANT_BURST: "1000000",
  });
  const app = await createApp(config, { logger: createLogger("silent") });
  const { url } = await app.start();
  const latencies: number[] = [];
  let next = 0;
  const worker = async (w: number) => {
    const conversation = `bench-${w}-${randomUUID()}`;
    for (let i = next++; i < total; i = next++) {
      const started = performance.now();
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          type: "message",
          text: MESSAGES[i % MESSAGES.length],
          channelId: "msteams",
          serviceUrl: "http://127.0.0.1:9",
          deliveryMode: "expectReplies",
          from: { id: `user-${w}`, aadObjectId: `user-${w}` },
          recipient: { id: "bot" },
          conversation: { id: conversation, conversationType: "personal" },
        }),
      });
      await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Number(values.concurrency) }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: total / seconds, p50: at(0.5), p99: at(0.99) };
}

await measure(100, 300); // warm-up: JIT and file-system caches, not reported
const baseline = await measure(100);
const many = await measure(Number(values.many));
const row = (label: string, r: typeof baseline) =>
  `${label.padEnd(28)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}`;
process.stdout.write(
  `${"stored conversations".padEnd(28)} ${"turns/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)}\n`,
);
process.stdout.write(`${row("100 (baseline)", baseline)}\n${row(values.many ?? "", many)}\n`);
process.stdout.write(
  `ratio ${values.many} / baseline: throughput ${(many.perSecond / baseline.perSecond).toFixed(2)}x, p50 ${(many.p50 / baseline.p50).toFixed(2)}x\n`,
);
