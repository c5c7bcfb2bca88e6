/**
 * @module signals/acute-lexicon-schema
 * The shape of the acute-danger lexicon `dialogs/acute.yaml`: cues per language (entries of single words or word
 * groups), helper cues and their combinations, the context phrases (now, past, set aside) and the typo lists.
 * signals/acute-lexicon checks the references between sections and compiles it; docs/content-format.md
 * describes the format for curators.
 */
import { z } from "zod";

const PLAIN = "[a-z0-9']+";
/** What the placeholders of a phrase stand for, as regular-expression sources. */
export const PHRASE_PLACEHOLDERS: Readonly<Record<string, string>> = {
  "<number>": "\\d+",
  "<year>": "(?:19|20)\\d\\d",
  "<word>": "\\w+",
};

const CueId = z.string().regex(/^[a-z][a-z0-9_]*$/, "an id is a snake_case slug, like kill_threat");

/** A word as the detector sees it: lower case, no accents, letters, digits and apostrophes only. */
const PlainWord = z
  .string()
  .regex(new RegExp(`^${PLAIN}$`), "write a word in lower case without accents, spaces or punctuation");

/** A cue word: `word` (exact, or one typo away), `start...`, `...end`, or `<age>` (a child's age, see `age`). */
const CueWord = z
  .string()
  .regex(
    new RegExp(`^(?:<age>|\\.\\.\\.${PLAIN}|${PLAIN}(?:\\.\\.\\.)?)$`),
    "write a cue word as `word`, `start...`, `...end` or `<age>`, in lower case without accents",
  )
  .refine((w) => !w.endsWith("...") || w.length >= 6, "a word start needs at least 3 letters before '...'");

/** One part of a group: a cue word, or a list of words of which one must occur. */
const Part = z.union([CueWord, z.array(CueWord).min(1)]);

/** One way a cue shows in a message: any one of `words`, or one word of every part of `together`. */
const CueEntry = z
  .strictObject({
    words: z.array(CueWord).min(1).optional(),
    together: z.array(Part).min(2, "a group needs at least 2 parts (use `words` for one)").optional(),
    onlyNow: z.boolean().default(false),
  })
  .refine((e) => (e.words === undefined) !== (e.together === undefined), "give either `words` or `together`");

/** A cue: its id (the only thing logged), and its entries per language. A helper only feeds `combined`. */
const Cue = z
  .strictObject({
    id: CueId,
    helper: z.boolean().default(false),
    nl: z.array(CueEntry).default([]),
    en: z.array(CueEntry).default([]),
  })
  .refine((c) => c.nl.length + c.en.length > 0, "a cue needs at least one entry under `nl` or `en`");

/** A phrase of consecutive words; `a|b` is either word, `<number>`, `<year>` and `<word>` stand for any. */
const Phrase = z
  .string()
  .refine(
    (p) =>
      p
        .split(" ")
        .every((w) => w.split("|").every((a) => a in PHRASE_PLACEHOLDERS || /^[a-z0-9'-]+$/.test(a))),
    "write a phrase as lower-case words without accents, `a|b` for either word, or <number>, <year>, <word>",
  );

// A missing section is named as such, not as "expected object, received undefined".
const REQUIRED = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "this section is required" : undefined),
};

/** The whole lexicon file. Every section is required, so a missing one is an error and not a silent gap. */
export const AcuteLexiconFile = z.strictObject({
  cues: z.array(Cue, REQUIRED).min(1),
  combined: z.array(
    z.strictObject({ id: CueId, all: z.array(CueId).min(2), now: z.array(CueId).min(1) }),
    REQUIRED,
  ),
  cryForHelp: z.strictObject({ words: z.array(PlainWord).min(1), cue: CueId }, REQUIRED),
  botHelp: z.array(PlainWord, REQUIRED),
  now: z.array(Phrase, REQUIRED).min(1),
  past: z.array(Phrase, REQUIRED).min(1),
  setAside: z.strictObject(
    {
      questions: z.array(Phrase, REQUIRED),
      conditional: z.strictObject(
        {
          starts: z.array(Phrase, REQUIRED).min(1),
          if: z.array(Phrase, REQUIRED).min(1),
          unlessFollowedBy: z.array(Phrase, REQUIRED),
        },
        REQUIRED,
      ),
      topics: z.array(Phrase, REQUIRED),
    },
    REQUIRED,
  ),
  clauseWords: z.array(PlainWord, REQUIRED),
  groups: z.strictObject({ extraWords: z.number(REQUIRED).int().min(0).max(10) }, REQUIRED),
  age: z
    .strictObject(
      {
        from: z.number(REQUIRED).int().min(0),
        to: z.number(REQUIRED).int().max(99),
        near: z.array(PlainWord, REQUIRED).min(1),
      },
      REQUIRED,
    )
    .refine((a) => a.from <= a.to, "`from` must not be greater than `to`"),
  typos: z.strictObject(
    {
      minLength: z.number(REQUIRED).int().min(5, "typos need words of at least 5 letters"),
      exact: z.array(PlainWord, REQUIRED),
      notTypos: z.array(PlainWord, REQUIRED),
    },
    REQUIRED,
  ),
});
export type AcuteLexiconFile = z.infer<typeof AcuteLexiconFile>;
