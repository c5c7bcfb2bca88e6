import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
