import { closest, distance } from 'fastest-levenshtein';

/** The candidate a misspelt word was most likely meant to be, if any is close enough. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  // Two edits catch a swapped pair of letters (titel → title) without matching unrelated short words.
  const limit = word.length < 4 ? 1 : Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = suggest(word, candidates);
  return hit === undefined ? '' : ` — did you mean ${hit}?`;
}
