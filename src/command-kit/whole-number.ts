import { CliError } from '../errors.js';
import { terminalText } from '../render/escape.js';

/** Parser for a numeric option: digits only, within bounds, compared as digits so no rounding sneaks in. */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const within = /^(0|[1-9]\d{0,14})$/.test(value) && Number(value) >= min && Number(value) <= max;
    if (!within)
      throw new CliError(
        `${name}: expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`} (found "${terminalText(value)}")`,
      );
    return Number(value);
  };
}
