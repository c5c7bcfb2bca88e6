import type { KnowledgeLog } from "../../src/storage/knowledge-log.js";

const at = new Date("2026-11-28T09:00:00.000Z");

/** The behaviour every KnowledgeLog must show; run against each implementation. */
export function knowledgeLogContract(
  name: string,
  open: () => Promise<{ log: KnowledgeLog; cleanup: () => Promise<void> }>,
) {
  describe(`${name} (KnowledgeLog contract)`, () => {
    let log: KnowledgeLog;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ log, cleanup } = await open());
    });
    afterEach(async () => {
      await log.close();
      await cleanup();
    });

    it("should count feedback per topic and list topics rated not useful, most first", async () => {
      for (const [topicId, useful] of [
        ["politie", false],
        ["politie", true],
        ["fier", false],
        ["fier", false],
        ["comensha", true],
      ] as const) {
        await log.recordFeedback({ topicId, useful, lang: "nl", at });
      }
      expect((await log.listGaps()).negativeFeedback).toEqual([
        { topicId: "fier", yes: 0, no: 2 },
        { topicId: "politie", yes: 1, no: 1 },
      ]);
    });

    it("should count concurrent feedback without losing any", async () => {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          log.recordFeedback({ topicId: "riec", useful: false, lang: "nl", at }),
        ),
      );
      expect((await log.listGaps()).negativeFeedback).toEqual([{ topicId: "riec", yes: 0, no: 20 }]);
    });

    it("should store unanswered questions redacted, oldest first, with their candidates", async () => {
      await log.recordUnanswered({
        question: "bel 06-12345678 over het paspoort",
        lang: "nl",
        at,
        candidates: ["politie"],
      });
      await log.recordUnanswered({ question: "weather today?", lang: "en", at, candidates: [] });
      await log.recordUnanswered({ question: "   ", lang: "nl", at, candidates: [] });
      expect((await log.listGaps()).unanswered).toEqual([
        {
          question: "bel [telefoon] over het paspoort",
          lang: "nl",
          at: at.toISOString(),
          candidates: ["politie"],
        },
        { question: "weather today?", lang: "en", at: at.toISOString(), candidates: [] },
      ]);
    });

    it("should purge unanswered questions asked before the cutoff and keep the feedback", async () => {
      await log.recordFeedback({ topicId: "politie", useful: false, lang: "nl", at });
      await log.recordUnanswered({
        question: "oud",
        lang: "nl",
        at: new Date("2026-01-01T00:00:00Z"),
        candidates: [],
      });
      await log.recordUnanswered({
        question: "nieuw",
        lang: "nl",
        at: new Date("2026-06-01T00:00:00Z"),
        candidates: [],
      });
      const cutoff = new Date("2026-03-01T00:00:00Z");
      expect(await log.purgeUnanswered(cutoff, true)).toBe(1);
      expect(await log.purgeUnanswered(cutoff, false)).toBe(1);
      const gaps = await log.listGaps();
      expect(gaps.unanswered.map((q) => q.question)).toEqual(["nieuw"]);
      expect(gaps.negativeFeedback).toHaveLength(1);
    });
  });
}
