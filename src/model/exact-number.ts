// Numbers are exact or refused. A double holds every whole number up to 2^53 − 1 and every
// decimal of at most 15 significant digits so that it reads back as written; beyond that the
// YAML parser (and Number()) would round silently: 9007199254740993 becomes …992.

/** Decimals with at most this many significant digits survive the round trip through a double. */
export const MAX_SIGNIFICANT_DIGITS = 15;

/** Plain decimal notation as people write it: no exponent, hex, octal, `+`, leading zeros or `.5`. */
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * For a decimal text (`-?digits[.digits]`, leading zeros allowed): why the number it denotes
 * cannot be held exactly, or undefined when it can.
 */
export function exactProblem(text: string): string | undefined {
  const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
  if (/^0*$/.test(fraction)) {
    // BigInt compares the digits as written; Number() would already have rounded them.
    return BigInt(whole) <= BigInt(Number.MAX_SAFE_INTEGER)
      ? undefined
      : `cannot be stored exactly: whole numbers go up to ${Number.MAX_SAFE_INTEGER}`;
  }
  const significant = `${whole}${fraction}`.replace(/^0+/, '').replace(/0+$/, '');
  return significant.length <= MAX_SIGNIFICANT_DIGITS
    ? undefined
    : `cannot be stored exactly: at most ${MAX_SIGNIFICANT_DIGITS} significant digits`;
}

/**
 * Why a number as written in a file (the YAML scalar's source text) is not an exact, plainly
 * written value — `.inf`, `.nan`, `1e308`, `0x10`, `-0`, a fraction where a whole number belongs,
 * or too many digits — phrased to follow the value's path; undefined when it is fine.
 */
export function writtenNumberProblem(text: string, wholeOnly: boolean): string | undefined {
  if (/^[-+]?\.inf$/i.test(text)) return 'must be a finite number';
  if (/^[-+]?\.nan$/i.test(text)) return 'must be a number (.nan means "not a number")';
  if (!PLAIN_DECIMAL.test(text))
    return wholeOnly
      ? 'must be a whole number written in decimal digits, like 12'
      : 'must be a number written in plain decimal digits, like 12 or 0.5';
  if (/^-0(\.0+)?$/.test(text)) return 'must not be negative zero';
  if (wholeOnly && text.includes('.')) return 'must be an integer';
  return exactProblem(text);
}
