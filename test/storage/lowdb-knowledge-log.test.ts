import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StorageError } from "../../src/errors.js";
import { MAX_UNANSWERED, openLowdbKnowledgeLog } from "../../src/storage/lowdb-knowledge-log.js";

const at = new Date("2026-11-28T09:00:00.000Z");
const tempDir = () => mkdtemp(join(tmpdir(), "sw-kblog-"));

describe("lowdb-knowledge-log", () => {
  it("should count feedback per topic and list topics rated not useful, most first", async () => {
    const dir = await tempDir();
    const log = await openLowdbKnowledgeLog(dir);
    await log.recordFeedback({ topicId: "politie", useful: false, lang: "nl", at });
    await log.recordFeedback({ topicId: "politie", useful: true, lang: "nl", at });
    await log.recordFeedback({ topicId: "fier", useful: false, lang: "en", at });
    await log.recordFeedback({ topicId: "fier", useful: false, lang: "nl", at });
    await log.recordFeedback({ topicId: "comensha", useful: true, lang: "nl", at });
    const gaps = await log.listGaps();
    expect(gaps.negativeFeedback).toEqual([
      { topicId: "fier", no: 2, yes: 0 },
      { topicId: "politie", no: 1, yes: 1 },
    ]);
  });

  it("should redact contact details from stored questions even if the caller did not", async () => {
    const dir = await tempDir();
    const log = await openLowdbKnowledgeLog(dir);
    await log.recordUnanswered({
      question: "mail jan.jansen@example.nl of bel 06-12345678 over de buren",
      lang: "nl",
      at,
      candidates: ["signalen-kcc"],
    });
    await log.close();
    const onDisk = await readFile(join(dir, "knowledge-log.json"), "utf8");
    expect(onDisk).not.toContain("jan.jansen@example.nl");
    expect(onDisk).not.toContain("12345678");
    const [stored] = (await log.listGaps()).unanswered;
    expect(stored).toEqual({
      question: expect.stringContaining("[e-mail]"),
      lang: "nl",
      at: at.toISOString(),
      candidates: ["signalen-kcc"],
    });
    expect(stored?.question).toContain("[telefoon]");
  });

  it("should persist across reopening", async () => {
    const dir = await tempDir();
    const first = await openLowdbKnowledgeLog(dir);
    await first.recordUnanswered({ question: "wie is de burgemeester", lang: "nl", at, candidates: [] });
    await first.close();
    const second = await openLowdbKnowledgeLog(dir);
    expect((await second.listGaps()).unanswered.map((u) => u.question)).toEqual(["wie is de burgemeester"]);
  });

  it("should keep only the most recent unanswered questions", async () => {
    const dir = await tempDir();
    const old = Array.from({ length: MAX_UNANSWERED }, (_, i) => ({
      question: `vraag ${i}`,
      lang: "nl",
      at: at.toISOString(),
      candidates: [],
    }));
    await writeFile(
      join(dir, "knowledge-log.json"),
      JSON.stringify({ version: 1, unanswered: old, feedback: [] }),
    );
    const log = await openLowdbKnowledgeLog(dir);
    await log.recordUnanswered({ question: "nieuwste vraag", lang: "en", at, candidates: [] });
    const { unanswered } = await log.listGaps();
    expect(unanswered).toHaveLength(MAX_UNANSWERED);
    expect(unanswered[0]?.question).toBe("vraag 1");
    expect(unanswered.at(-1)?.question).toBe("nieuwste vraag");
  });

  it("should refuse a corrupt file instead of starting empty", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "knowledge-log.json"),
      JSON.stringify({ version: 1, unanswered: "nope", feedback: [] }),
    );
    await expect(openLowdbKnowledgeLog(dir)).rejects.toThrow(StorageError);
  });
});
