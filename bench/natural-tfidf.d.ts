// Types for natural's TfIdf, imported by path in the benchmark (the package entry loads modules Jest cannot).
declare module "natural/lib/natural/tfidf/tfidf.js" {
  export default class TfIdf {
    addDocument(document: string | string[], key?: string, restoreCache?: boolean): void;
    tfidfs(
      terms: string | string[],
      callback?: (index: number, measure: number, key?: string) => void,
    ): number[];
  }
}
