/**
 * @module text/normalise
 * The one text normaliser of the bot: the acute-danger check, answer matching in a signal check and the
 * knowledge search all compare words in this form, so "Coördinator", "coordinator" and "COORDINATOR" are one
 * word, and so are "can’t" and "can't".
 */

/**
 * Lower case, accents removed (NFD, combining marks dropped: "ideeën" -> "ideeen"), typographic apostrophes and
 * back-ticks as a plain `'`, whitespace runs as one space, trimmed. Punctuation is kept: each caller decides what
 * it means (a sentence break, an option separator, nothing). Accents must go before natural's tokenizers run,
 * which split words on accented letters.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}
