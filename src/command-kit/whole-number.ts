import { CliError } from '../errors.js';
import { terminalText } from '../render/escape.js';
import { wholeWithin } from '../model/whole-text.js';

/** Parser for a numeric option: digits only, within bounds, compared as digits so no rounding sneaks in. */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = wholeWithin(value, min, max);
    if (n === undefined)
      throw new CliError(
        `${name}: expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`} (found "${terminalText(value)}")`,
      );
    return n;
  };
}
