// The documented bounds of the numbers in leitplanken.yaml (mirrored in
// src/schema/leitplanken.schema.json; tests/numbers-dates.test.ts keeps both equal).

/** Highest weight of a Leitplanke, in the file and in `score --weights`. */
export const MAX_WEIGHT = 1000;
/** Highest value of a rating scale (leitplanken.schema.json: scale value maximum). */
export const MAX_SCALE_VALUE = 10;
/** Most Leitplanken a strategy may have (leitplanken.schema.json: maxItems). */
export const MAX_LEITPLANKEN = 12;
/**
 * Highest threshold: the largest weighted sum there can be, 12 × 1000 × 10 = 120 000. Every
 * product and sum of whole weights and scores stays a whole number far below 2^53, so all of
 * them are exact in a double; a higher threshold could never be reached.
 */
export const MAX_THRESHOLD = MAX_LEITPLANKEN * MAX_WEIGHT * MAX_SCALE_VALUE;
