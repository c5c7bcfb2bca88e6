/**
 * The load generator of the turn benchmarks (`bench/turns.ts`, `bench/scale.ts`): virtual users, each on its own
 * keep-alive connection and in its own conversation, repeating a mixed script that reads and writes state.
 */
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";

/** The mixed script: help, a question, check, an answer, stop, mijn meldingen. */
export const SCRIPT = [
  "help",
  "wat zijn signalen van arbeidsuitbuiting?",
  "check",
  "1",
  "stop",
  "mijn meldingen",
];

/** A message activity from user `id` in their personal conversation `conv-<id>`, answered inline. */
export function messageBody(id: string, text: string): string {
  return JSON.stringify({
    type: "message",
    text,
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9",
    deliveryMode: "expectReplies",
    locale: "nl-NL",
    from: { id, aadObjectId: id, name: "Bench" },
    recipient: { id: "bot" },
    conversation: { id: `conv-${id}`, conversationType: "personal" },
  });
}

/** One turn over `agent`'s connection; resolves with the latency in ms. */
export function turn(agent: Agent, port: number, body: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/messages",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Turns/s and latency percentiles (ms) of one load run. */
export interface LoadResult {
  turnsPerSecond: number;
  p50: number;
  p99: number;
}

/** `users` virtual users for `seconds`: turns/s and latency percentiles. */
export async function load(port: number, users: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const user = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const id = `bench-${randomUUID()}`;
    for (let i = 0; performance.now() < end; i++) {
      latencies.push(await turn(agent, port, messageBody(id, SCRIPT[i % SCRIPT.length]!)));
    }
    agent.destroy();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: users }, user));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { turnsPerSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}
