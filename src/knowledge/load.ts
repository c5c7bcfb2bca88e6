/**
 * @module knowledge/load
 * Reads knowledge/ (topics/*.md, municipality.yaml, synonyms.yaml), validates shape and cross-references, and
 * either returns the KnowledgeBase or throws one ContentError listing every problem with its file and field path.
 * `checkKnowledgeContent` adds the curator checks (required topics, stale reviews, example settings) for
 * `npm run content:check`.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import { ContentError, type ContentIssue } from "../errors.js";
import { findUnknownPlaceholders } from "./render.js";
import { REQUIRED_TOPIC_IDS } from "./required-topics.js";
import {
  type KnowledgeBase,
  MunicipalitySettings,
  Synonyms,
  type Topic,
  TopicFrontMatter,
  type TopicText,
} from "./topic-schema.js";

/** Longest lead (in words) before content:check warns: the answer must lead with what to do in ~80 words. */
export const MAX_LEAD_WORDS = 80;

/** A review older than this many months is flagged, so curators re-check facts that may have changed. */
export const REVIEW_MAX_AGE_MONTHS = 12;

/** The word that marks an example value in `municipality.yaml`; start-up and the content check warn while one is left. */
export const SETTINGS_EXAMPLE_MARK = "VOORBEELD";

/** Formats a zod issue path as `variants.nl[2]`, the form every content message uses. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function zodIssues(file: string, error: z.ZodError, prefix = ""): ContentIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return { file, path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message };
  });
}

interface Parsed<T> {
  value?: T;
  issues: ContentIssue[];
}

async function readText(file: string): Promise<Parsed<string>> {
  try {
    return { value: await readFile(file, "utf8"), issues: [] };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { issues: [{ file, path: "", message: `cannot read file: ${message}` }] };
  }
}

function parseYaml(file: string, source: string): Parsed<unknown> {
  const doc = YAML.parseDocument(source, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => ({ file, path: "", message: `invalid YAML: ${e.message}` })) };
  }
  return { value: doc.toJS(), issues: [] };
}

async function loadYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<Parsed<z.infer<S>>> {
  const text = await readText(file);
  if (text.value === undefined) return { issues: text.issues };
  const yaml = parseYaml(file, text.value);
  if (yaml.issues.length > 0) return { issues: yaml.issues };
  const result = schema.safeParse(yaml.value);
  return result.success ? { value: result.data, issues: [] } : { issues: zodIssues(file, result.error) };
}

function splitText(section: string): TopicText {
  const paragraphs = section.trim().split(/\n\s*\n/);
  const lead = (paragraphs[0] ?? "").trim();
  return { lead, details: paragraphs.slice(1).join("\n\n").trim() };
}

/** Splits the Markdown body into its `## nl` and `## en` sections, each into lead and details. */
function parseBody(file: string, body: string): Parsed<Topic["body"]> {
  const issues: ContentIssue[] = [];
  const sections = new Map<string, string>();
  const parts = body.split(/^##[ \t]+(nl|en)[ \t]*$/m);
  if ((parts[0] ?? "").trim() !== "") {
    issues.push({ file, path: "body", message: "text before the first '## nl' heading" });
  }
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const lang = parts[i] ?? "";
    if (sections.has(lang))
      issues.push({ file, path: `body.${lang}`, message: `duplicate '## ${lang}' section` });
    sections.set(lang, parts[i + 1] ?? "");
  }
  const texts: Partial<Topic["body"]> = {};
  for (const lang of ["nl", "en"] as const) {
    const section = sections.get(lang);
    if (section === undefined) {
      issues.push({ file, path: `body.${lang}`, message: `missing '## ${lang}' section` });
      continue;
    }
    const text = splitText(section);
    if (text.lead === "") issues.push({ file, path: `body.${lang}.lead`, message: "the section is empty" });
    texts[lang] = text;
  }
  return issues.length === 0 && texts.nl && texts.en
    ? { value: { nl: texts.nl, en: texts.en }, issues }
    : { issues };
}

/** Parses one topic file (front matter + body); `file` is only used in the issues. */
function parseTopic(file: string, source: string): Parsed<Topic> {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(source);
  if (!match) {
    return {
      issues: [{ file, path: "", message: "expected YAML front matter between '---' lines at the top" }],
    };
  }
  const yaml = parseYaml(file, match[1] ?? "");
  const body = parseBody(file, (match[2] ?? "").replace(/\r\n/g, "\n"));
  if (yaml.issues.length > 0) return { issues: [...yaml.issues, ...body.issues] };
  const front = TopicFrontMatter.safeParse(yaml.value);
  const issues = [...(front.success ? [] : zodIssues(file, front.error)), ...body.issues];
  if (!front.success || !body.value) return { issues };
  return { value: { ...front.data, body: body.value }, issues };
}

function placeholderIssues(file: string, topic: Topic): ContentIssue[] {
  const fields: Array<[string, string]> = [];
  for (const lang of ["nl", "en"] as const) {
    fields.push([`title.${lang}`, topic.title[lang]]);
    fields.push([`body.${lang}.lead`, topic.body[lang].lead]);
    fields.push([`body.${lang}.details`, topic.body[lang].details]);
  }
  return fields.flatMap(([path, text]) =>
    findUnknownPlaceholders(text).map((name) => ({
      file,
      path,
      message: `unknown placeholder {{${name}}}; known ones are listed in docs/content-format.md`,
    })),
  );
}

interface ReadResult {
  kb?: KnowledgeBase;
  files: Map<string, string>;
  issues: ContentIssue[];
}

/** Reads and cross-checks everything, collecting issues instead of throwing, so all problems surface at once. */
async function readKnowledge(dir: string): Promise<ReadResult> {
  const issues: ContentIssue[] = [];
  const files = new Map<string, string>();
  const topicsDir = join(dir, "topics");
  let names: string[] = [];
  try {
    names = (await readdir(topicsDir)).filter((n) => n.endsWith(".md")).sort();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    issues.push({ file: topicsDir, path: "", message: `cannot read the topics folder: ${message}` });
  }
  const topics: Topic[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(topicsDir, name);
    const text = await readText(file);
    issues.push(...text.issues);
    if (text.value === undefined) continue;
    const parsed = parseTopic(file, text.value);
    issues.push(...parsed.issues);
    const topic = parsed.value;
    if (!topic) continue;
    const expectedId = basename(name, ".md");
    if (topic.id !== expectedId) {
      issues.push({ file, path: "id", message: `id '${topic.id}' must equal the file name '${expectedId}'` });
    }
    const first = seen.get(topic.id);
    if (first !== undefined) {
      issues.push({ file, path: "id", message: `duplicate id '${topic.id}', already used in ${first}` });
      continue;
    }
    seen.set(topic.id, file);
    files.set(topic.id, file);
    issues.push(...placeholderIssues(file, topic));
    topics.push(topic);
  }
  for (const topic of topics) {
    const file = files.get(topic.id) ?? topic.id;
    topic.related.forEach((id, i) => {
      if (!seen.has(id)) issues.push({ file, path: `related[${i}]`, message: `unknown topic id '${id}'` });
      else if (id === topic.id)
        issues.push({ file, path: `related[${i}]`, message: "a topic cannot relate to itself" });
    });
  }
  const settings = await loadYamlFile(join(dir, "municipality.yaml"), MunicipalitySettings);
  const synonyms = await loadYamlFile(join(dir, "synonyms.yaml"), Synonyms);
  issues.push(...settings.issues, ...synonyms.issues);
  const kb =
    settings.value && synonyms.value
      ? { topics, settings: settings.value, synonyms: synonyms.value }
      : undefined;
  return { kb, files, issues };
}

/**
 * The municipality settings of `dir` alone, for checks that only need them (the playbooks' partners); undefined
 * when they do not load, which checkKnowledgeContent reports with file and path.
 */
export async function readMunicipalitySettings(dir: string): Promise<MunicipalitySettings | undefined> {
  return (await loadYamlFile(join(dir, "municipality.yaml"), MunicipalitySettings)).value;
}

/**
 * Loads knowledge/ from `dir` once at start-up. Throws a ContentError with every problem (file + field path)
 * when anything is broken, so the bot refuses to start on bad content.
 */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  const { kb, issues } = await readKnowledge(dir);
  if (issues.length > 0 || !kb) throw new ContentError(issues);
  return kb;
}

function countWords(text: string): number {
  return text
    .replace(/[*_`#>[\]()]/g, " ")
    .split(/\s+/)
    .filter(Boolean).length;
}

function isOlderThanMonths(isoDate: string, now: Date, months: number): boolean {
  const limit = new Date(now.getTime());
  limit.setUTCMonth(limit.getUTCMonth() - months);
  return new Date(`${isoDate}T00:00:00Z`).getTime() < limit.getTime();
}

function settingsWarnings(file: string, value: unknown, path: string): ContentIssue[] {
  if (typeof value === "string") {
    return value.includes(SETTINGS_EXAMPLE_MARK)
      ? [{ file, path, message: `still an example value (${SETTINGS_EXAMPLE_MARK}); fill in the real one` }]
      : [];
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) =>
      settingsWarnings(file, v, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/**
 * Validates knowledge/ for curators: all load errors plus missing required topics (errors), and leads over
 * MAX_LEAD_WORDS, reviews older than REVIEW_MAX_AGE_MONTHS and example settings values (warnings).
 */
export async function checkKnowledgeContent(
  dir: string,
  now: Date,
): Promise<{ errors: ContentIssue[]; warnings: ContentIssue[] }> {
  const { kb, files, issues } = await readKnowledge(dir);
  const errors = [...issues];
  const warnings: ContentIssue[] = [];
  const topicsDir = join(dir, "topics");
  for (const id of REQUIRED_TOPIC_IDS) {
    if (!files.has(id)) {
      errors.push({
        file: join(topicsDir, `${id}.md`),
        path: "",
        message: `required topic '${id}' is missing`,
      });
    }
  }
  if (!kb) return { errors, warnings };
  for (const topic of kb.topics) {
    const file = files.get(topic.id) ?? topic.id;
    for (const lang of ["nl", "en"] as const) {
      const words = countWords(topic.body[lang].lead);
      if (words > MAX_LEAD_WORDS) {
        warnings.push({
          file,
          path: `body.${lang}.lead`,
          message: `lead has ${words} words; keep it to about ${MAX_LEAD_WORDS}`,
        });
      }
    }
    if (isOlderThanMonths(topic.reviewed, now, REVIEW_MAX_AGE_MONTHS)) {
      warnings.push({
        file,
        path: "reviewed",
        message: `last reviewed ${topic.reviewed}, more than ${REVIEW_MAX_AGE_MONTHS} months ago; check the facts`,
      });
    }
  }
  warnings.push(...settingsWarnings(join(dir, "municipality.yaml"), kb.settings, ""));
  return { errors, warnings };
}
