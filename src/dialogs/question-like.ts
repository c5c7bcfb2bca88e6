/**
 * @module dialogs/question-like
 * Whether typed text that is not an answer reads as a question (or a description of a situation) rather than a
 * mistyped answer. Typed answers are a word or two ("ja", "weet niet", a label with a typo).
 */

const QUESTION_START =
  /^(wat|wie|waar|wanneer|waarom|welke?|hoe|mag|moet|moeten|kan|kun|kunnen|is|zijn|heb|hebben|wordt|geldt|krijg|klopt|what|who|where|when|why|which|how|can|may|must|should|is|are|do|does|will)\b/i;
/** Text of this many words that is not an answer is a question or a description of a situation. */
const QUESTION_WORDS = 4;

/** True when the text reads as a question: a question mark, a question word first, or a whole sentence. */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.includes("?") || QUESTION_START.test(trimmed) || trimmed.split(/\s+/).length >= QUESTION_WORDS
  );
}
