/**
 * Property-based fuzzing of the two ways data enters: activities posted to /api/messages (random and mutated:
 * missing fields, wrong types, huge strings, control characters, emoji, right-to-left text, deep `value`s, random
 * card verbs) and content files given to the loaders. A fixed seed and a bounded count keep `npm test` repeatable;
 * `npm run fuzz:long` runs many more (FUZZ_RUNS). The server must answer every request with 2xx or 4xx, keep
 * serving, and leave stored state of other users intact; a loader must accept or refuse with a ContentError.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { loadDialogTrees } from "../src/dialogs/load.js";
import { ContentError } from "../src/errors.js";
import { loadKnowledgeBase } from "../src/knowledge/load.js";
import { loadSignalContent } from "../src/signals/load.js";
import { actionsOf, makeUser, startTestBot, type TestBot } from "./harness/bot-server.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const VERBS = [
  "advice.explain",
  "case.answer",
  "case.ask",
  "case.claim",
  "case.close",
  "case.override",
  "case.refer",
  "check.answer",
  "check.back",
  "check.continue",
  "check.menu",
  "check.restart",
  "check.skip",
  "check.start",
  "check.stop",
  "help.ask",
  "help.show",
  "kb.feedback",
  "kb.topic",
  "report.cancel",
  "report.edit",
  "report.review",
  "report.start",
  "report.submit",
];

const nasty = fc.constantFrom(
  "\u202eevil\u202c",
  "שלום عليكم",
  "💥🔥👩‍👩‍👧",
  "\u0000\u0007\u001b[31m",
  "a".repeat(5000),
  "check",
  "melden",
  "hij slaat haar nu",
  "<script>alert(1)</script>",
  "'; DROP TABLE cases; --",
  "../../etc/passwd",
  "",
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 80 }), nasty);
/** A valid value most of the time, sometimes missing, sometimes of another type. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 40, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
const id = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant("x".repeat(3000)) },
);
const cardValue = fc.record({
  action: field(
    fc.record({
      type: field(fc.constant("Action.Execute")),
      verb: field(fc.oneof(fc.constantFrom(...VERBS), fc.string({ maxLength: 30 }))),
      data: field(
        fc.dictionary(
          fc.constantFrom("caseId", "treeId", "nodeId", "optionIds", "topicId", "form", "note"),
          fc.jsonValue({ maxDepth: 4 }),
        ),
      ),
    }),
  ),
});
const activity = fc.record(
  {
    type: field(
      fc.constantFrom("message", "invoke", "conversationUpdate", "event", "typing", "messageReaction"),
    ),
    name: field(fc.constantFrom("adaptiveCard/action", "task/fetch", "x")),
    text: field(text),
    channelId: field(fc.constantFrom("msteams", "test", "webchat")),
    serviceUrl: field(fc.constant("http://127.0.0.1:9")),
    deliveryMode: field(fc.constant("expectReplies")),
    locale: field(fc.constantFrom("nl-NL", "en-US", "ar-SA", "")),
    from: field(
      fc.record({ id: field(id), name: field(text), aadObjectId: field(id) }, { requiredKeys: [] }),
    ),
    recipient: field(fc.record({ id: fc.constant("bot") })),
    conversation: field(
      fc.record(
        { id: field(id), conversationType: field(fc.constantFrom("personal", "channel")) },
        { requiredKeys: [] },
      ),
    ),
    value: field(
      fc.oneof(
        { weight: 6, arbitrary: cardValue },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 60 }) },
      ),
    ),
    entities: field(
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("mention", "clientInfo"), text: text }) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        ),
        { maxLength: 3 },
      ),
    ),
    channelData: field(fc.jsonValue({ maxDepth: 3 })),
    membersAdded: field(fc.array(fc.record({ id: id }), { maxLength: 3 })),
  },
  // The fields every activity has are usually present (so most requests reach the turn logic); the rest vary.
  { requiredKeys: ["type", "channelId", "serviceUrl", "deliveryMode", "from", "recipient", "conversation"] },
);

describe("fuzzing /api/messages", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ RATE_LIMIT_USER_BURST: "100000", RATE_LIMIT_USER_PER_MINUTE: "100000" });
  });
  afterAll(() => bot.stop());

  it(
    `should answer ${RUNS} random activities with 2xx or 4xx, keep serving, and keep others' state`,
    async () => {
      const keeper = makeUser("Kees Keeper");
      const started = await bot.say(keeper, "check");
      const before = actionsOf(started).find((a) => a.verb === "check.answer")?.data.nodeId;
      expect(before).toBe("situatie");
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(activity, async (a) => {
          const { status } = await bot.post(a as Record<string, unknown>);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          return status < 500;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // Every kind of answer was seen, not only refusals: the fuzz reached the turn logic.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 10);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
      const after = await bot.say(keeper, "1");
      expect(actionsOf(after).find((a) => a.verb === "check.answer")?.data.nodeId).toBe("persoon-of-adres");
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    },
    Math.max(120_000, RUNS * 200),
  );
});

describe("fuzzing the content loaders", () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
    fc.constantFrom(
      "id: x\nversion: 1\nnodes: []",
      "a: [",
      "- - - -",
      "id: !!js/function 'x'",
      "\u0000",
      ": :",
    ),
  );

  it("should load or refuse random trees and topics with a ContentError, never crash", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-fuzz-content-"));
    const signals = await loadSignalContent("dialogs");
    try {
      await fc.assert(
        fc.asyncProperty(yamlish, yamlish, async (tree, topic) => {
          await rm(dir, { recursive: true, force: true });
          await mkdir(join(dir, "trees"), { recursive: true });
          await mkdir(join(dir, "kb", "topics"), { recursive: true });
          await writeFile(join(dir, "trees", "boom.yaml"), tree);
          await writeFile(
            join(dir, "kb", "topics", "onderwerp.md"),
            `---\n${topic}\n---\n## nl\ntekst\n## en\ntext\n`,
          );
          for (const load of [
            () => loadDialogTrees(join(dir, "trees"), signals.catalogue, new Set(["onderwerp"])),
            () => loadKnowledgeBase(join(dir, "kb")),
          ]) {
            const error = await load().then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error !== undefined && !(error instanceof ContentError)) return false;
          }
          return true;
        }),
        { numRuns: Math.min(RUNS, 150), seed: SEED },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
