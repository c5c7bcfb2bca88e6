/**
 * @module content/content
 * Loads all content once at start-up (knowledge base and its search index, signal catalogue, policy, check
 * trees, the acute-danger lexicon, practice cases, follow-up playbooks) and checks it for curators. Broken content throws one ContentError that lists
 * every problem, so the server refuses to start rather than give wrong advice.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadPlaybooks, PLAYBOOK_DIR, readPlaybooks } from "../cases/playbook-load.js";
import type { Playbook } from "../cases/playbook-schema.js";
import type { ContentIssue } from "../errors.js";
import { checkDialogContent, loadDialogTrees } from "../dialogs/load.js";
import type { DialogTree } from "../dialogs/tree-schema.js";
import { checkKnowledgeContent, loadKnowledgeBase, readMunicipalitySettings } from "../knowledge/load.js";
import { buildKnowledgeIndex, type KnowledgeIndex } from "../knowledge/search-index.js";
import type { KnowledgeBase } from "../knowledge/topic-schema.js";
import { checkAcuteLexicon, loadAcuteLexicon, type AcuteLexicon } from "../signals/acute-lexicon.js";
import type { SignalCatalogue } from "../signals/catalogue.js";
import { loadSignalContent } from "../signals/load.js";
import type { Policy } from "../signals/policy.js";
import { loadPracticeCases, PRACTICE_DIR, readPracticeCases } from "../practice/load.js";
import type { PracticeCase } from "../practice/practice-schema.js";

/** Everything the bot knows, validated. */
export interface Content {
  kb: KnowledgeBase;
  index: KnowledgeIndex;
  catalogue: SignalCatalogue;
  policy: Policy;
  trees: readonly DialogTree[];
  /** The compiled acute-danger lexicon of `dialogs/acute.yaml`, for `detectAcuteDanger`. */
  acute: AcuteLexicon;
  /** The practice cases of `dialogs/practice/`, each checked against the catalogue, trees and policy. */
  practice: readonly PracticeCase[];
  /** The follow-up playbooks of `dialogs/playbooks/`, sorted by id, exactly one of them the fallback. */
  playbooks: readonly Playbook[];
}

/** Where content lives. */
export interface ContentDirs {
  knowledgeDir: string;
  dialogsDir: string;
}

/** The acute-danger lexicon's file name inside the dialogs folder. */
const ACUTE_LEXICON_FILE = "acute.yaml";

/** Loads and cross-checks all content and builds the search index; throws ContentError when anything is wrong. */
export async function loadContent(dirs: ContentDirs): Promise<Content> {
  const kb = await loadKnowledgeBase(dirs.knowledgeDir);
  const { catalogue, policy } = await loadSignalContent(dirs.dialogsDir);
  const topicIds = new Set(kb.topics.map((t) => t.id));
  const trees = await loadDialogTrees(join(dirs.dialogsDir, "trees"), catalogue, topicIds);
  const acute = await loadAcuteLexicon(join(dirs.dialogsDir, ACUTE_LEXICON_FILE));
  const practice = await loadPracticeCases(join(dirs.dialogsDir, PRACTICE_DIR), {
    catalogue,
    policy,
    trees,
    topicIds,
  });
  const playbooks = await loadPlaybooks(join(dirs.dialogsDir, PLAYBOOK_DIR), {
    topicIds,
    partnerIds: new Set(Object.keys(kb.settings.partners)),
  });
  return { kb, index: buildKnowledgeIndex(kb), catalogue, policy, trees, acute, practice, playbooks };
}

/** The topic ids present on disk (file names), so tree links can be checked even when a topic is broken. */
async function topicIdsOnDisk(knowledgeDir: string): Promise<Set<string>> {
  const files = await readdir(join(knowledgeDir, "topics")).catch(() => [] as string[]);
  return new Set(files.filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)));
}

/** The curator's check of all content: every error and warning with file and path. */
export async function checkContent(
  dirs: ContentDirs,
  now: Date,
): Promise<{ errors: ContentIssue[]; warnings: ContentIssue[] }> {
  const knowledge = await checkKnowledgeContent(dirs.knowledgeDir, now);
  const dialogs = await checkDialogContent(dirs.dialogsDir, await topicIdsOnDisk(dirs.knowledgeDir));
  const acute = await checkAcuteLexicon(join(dirs.dialogsDir, ACUTE_LEXICON_FILE));
  const practice = await checkPractice(dirs);
  const playbooks = await checkPlaybooks(dirs);
  return {
    errors: [...knowledge.errors, ...dialogs.errors, ...acute.errors, ...practice, ...playbooks],
    warnings: [...knowledge.warnings, ...dialogs.warnings, ...acute.warnings],
  };
}

/**
 * The practice cases' problems. They are checked against the catalogue, policy and trees, so they are checked
 * only when those load; otherwise the problems of those files are reported above and these would only repeat them.
 */
async function checkPractice(dirs: ContentDirs): Promise<ContentIssue[]> {
  let context;
  try {
    const { catalogue, policy } = await loadSignalContent(dirs.dialogsDir);
    const topicIds = await topicIdsOnDisk(dirs.knowledgeDir);
    const trees = await loadDialogTrees(join(dirs.dialogsDir, "trees"), catalogue, topicIds);
    context = { catalogue, policy, trees, topicIds };
  } catch {
    return [];
  }
  return (await readPracticeCases(join(dirs.dialogsDir, PRACTICE_DIR), context)).issues;
}

/**
 * The playbooks' problems: topics are checked against the topic files on disk, partners against the municipality
 * settings when those load (otherwise the knowledge check reports the settings and the partner check is skipped).
 */
async function checkPlaybooks(dirs: ContentDirs): Promise<ContentIssue[]> {
  const settings = await readMunicipalitySettings(dirs.knowledgeDir);
  const context = {
    topicIds: await topicIdsOnDisk(dirs.knowledgeDir),
    partnerIds: settings ? new Set(Object.keys(settings.partners)) : undefined,
  };
  return (await readPlaybooks(join(dirs.dialogsDir, PLAYBOOK_DIR), context)).issues;
}
