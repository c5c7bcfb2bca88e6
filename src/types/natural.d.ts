// Types for the parts of `natural` imported by path (its top-level entry loads modules Jest cannot load on Node 20).
declare module "natural/lib/natural/stemmers/porter_stemmer_nl.js" {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module "natural/lib/natural/tokenizers/aggressive_tokenizer_nl.js" {
  export default class AggressiveTokenizerNl {
    tokenize(text: string): string[];
  }
}
declare module "natural/lib/natural/util/stopwords_nl.js" {
  export const words: string[];
}
declare module "natural/lib/natural/distance/levenshtein_distance.js" {
  export function LevenshteinDistance(a: string, b: string, options?: object): number;
  export function DamerauLevenshteinDistance(a: string, b: string, options?: object): number;
}
declare module "natural/lib/natural/distance/jaro-winkler_distance.js" {
  export default function JaroWinklerDistance(a: string, b: string, options?: object): number;
}
