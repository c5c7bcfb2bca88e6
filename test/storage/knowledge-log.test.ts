import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { limitUnanswered, type KnowledgeLog } from "../../src/storage/knowledge-log.js";
import { openLowdbKnowledgeLog } from "../../src/storage/lowdb-knowledge-log.js";
import { openPgKnowledgeLog } from "../../src/storage/pg-knowledge-log.js";
import { createTestSchema } from "../helpers/pg.js";
import { knowledgeLogContract } from "./knowledge-log.contract.js";

knowledgeLogContract("lowdb", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sw-kblog-"));
  return { log: await openLowdbKnowledgeLog(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

knowledgeLogContract("postgres", async () => {
  const db = await createTestSchema();
  return { log: await openPgKnowledgeLog(db.pool), cleanup: db.drop };
});

describe("limitUnanswered", () => {
  it("should keep at most perAskerPerDay questions per asker a day and drop repeats of a recent question", async () => {
    const recorded: string[] = [];
    const inner: KnowledgeLog = {
      recordFeedback: async () => undefined,
      recordUnanswered: async (e) => void recorded.push(e.question),
      listGaps: async () => ({ unanswered: [], negativeFeedback: [] }),
      purgeUnanswered: async () => 0,
      close: async () => undefined,
    };
    const log = limitUnanswered(inner, { perAskerPerDay: 3, recentQuestions: 100 });
    const at = new Date("2026-05-01T10:00:00Z");
    for (let i = 0; i < 50; i++)
      await log.recordUnanswered({ question: `junk ${i}`, lang: "nl", at, candidates: [], asker: "flood" });
    await log.recordUnanswered({
      question: "Waar  is de kantine?",
      lang: "nl",
      at,
      candidates: [],
      asker: "b",
    });
    await log.recordUnanswered({
      question: "waar is de kantine?",
      lang: "nl",
      at,
      candidates: [],
      asker: "c",
    });
    const nextDay = new Date("2026-05-02T10:00:00Z");
    await log.recordUnanswered({
      question: "junk 99",
      lang: "nl",
      at: nextDay,
      candidates: [],
      asker: "flood",
    });
    expect(recorded).toEqual(["junk 0", "junk 1", "junk 2", "Waar  is de kantine?", "junk 99"]);
  });
});
