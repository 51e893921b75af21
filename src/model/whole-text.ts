/**
 * A whole number as the command line takes it (`--weights id=n`, `--threshold n`, `--top n`):
 * plain digits, no sign, no leading zero, no separator, no exponent, within [min, max] — compared
 * as digits, so a long digit string is never rounded into range. Undefined when not such a
 * number. Pure, so the HTML report's what-if checks its fields with the very same rule.
 */
export function wholeWithin(text: string, min: number, max: number): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(text)) return undefined;
  const n = BigInt(text);
  return n >= BigInt(min) && n <= BigInt(max) ? Number(n) : undefined;
}
