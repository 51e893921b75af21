// Numbers as a person reads them in the output's language: German `14.100.000,00 EUR`, `57,5 %`;
// English `14,100,000.00 EUR`, `57.5%`. JSON and CSV never come here: they keep machine numbers.
//
// It lives beside the catalogue (not in src/render) because the catalogue's own sentences carry
// numbers too ("10.000 von 10.000 Maßnahmen"), and the foundation layer may not import render.
//
// Every number is handed to Intl.NumberFormat as its shortest decimal text (String(n)), which
// Intl reads as an exact decimal: a double like 0.1 never shows its binary tail (0,1000000000000000055…).

export interface LocaleNumbers {
  /** A number as stored, every significant digit kept, grouped: `14.100.000`, `1,8`, `-0,5`. */
  number(value: number): string;
  /** An amount with exactly two decimals and the currency code after it: `14.100.000,00 EUR`. */
  money(value: number, currency?: string): string;
  /** A percentage value (0–100) as stored: `57,5 %` / `57.5%`. */
  percent(value: number): string;
  /** The share part/whole in percent, rounded half-up from the exact fraction to `digits` decimals; no sign (tables put % in the header). */
  share(part: number, whole: number, digits?: number): string;
}

/** Exact decimal text of a finite number (the shortest that reads back as the same double). */
const decimal = (value: number): string => (Object.is(value, -0) ? '0' : String(value));

/** An exact fraction numerator/denominator of a finite number, from its shortest decimal text. */
function fraction(value: number): { n: bigint; d: bigint } {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(decimal(value));
  if (match === null) throw new RangeError(`not a finite number: ${value}`);
  const [, sign = '', whole = '', frac = '', exp = '0'] = match;
  let n = BigInt(`${sign}${whole}${frac}`);
  let d = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return { n, d };
}

/**
 * part/whole × 100 rounded half-up (away from zero) to `digits` decimals, as a decimal text;
 * computed on integers, so 23/40 is 57.5 and rounds to 58, never to 57 through 57.49999….
 * A whole of 0 gives "0".
 */
export function exactShare(part: number, whole: number, digits = 0): string {
  const p = fraction(part);
  const w = fraction(whole);
  if (w.n === 0n) return '0';
  const scale = 10n ** BigInt(digits);
  // part/whole·100·scale = (p.n·w.d·100·scale) / (p.d·w.n)
  let num = p.n * w.d * 100n * scale;
  let den = p.d * w.n;
  if (den < 0n) [num, den] = [-num, -den];
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (2n * abs + den) / (2n * den);
  const text = rounded.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative && rounded !== 0n ? `-${body}` : body;
}

function localeNumbers(tag: string, percentSpace: string, group: string): LocaleNumbers {
  // Built on first use: an Intl.NumberFormat loads its locale's data, some 10 ms at start-up that
  // most runs never need (their numbers are whole and below a million).
  let plain: Intl.NumberFormat | undefined;
  let cents: Intl.NumberFormat | undefined;
  // Intl's format(string) reads the text as an exact decimal; the typings only know number | bigint.
  const format = (nf: Intl.NumberFormat, text: string): string => nf.format(text as unknown as number);
  const number = (text: string): string => {
    // Whole numbers need only their groups of three, which both languages set the same way.
    const whole = /^(-?)(\d+)$/.exec(text);
    if (whole !== null) return `${whole[1]}${whole[2]!.replace(/\B(?=(\d{3})+$)/g, group)}`;
    return format((plain ??= new Intl.NumberFormat(tag, { maximumFractionDigits: 20, useGrouping: true })), text);
  };
  return {
    number: (value) => number(decimal(value)),
    money: (value, currency) =>
      `${format((cents ??= new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true })), decimal(value))}${
        currency === undefined || currency === '' ? '' : ` ${currency}`
      }`,
    percent: (value) => `${number(decimal(value))}${percentSpace}%`,
    share: (part, whole, digits = 0) => number(exactShare(part, whole, digits)),
  };
}

/** German puts a space before the percent sign (DIN 5008), English does not. */
export const numbersDe = localeNumbers('de-DE', ' ', '.');
export const numbersEn = localeNumbers('en-GB', '', ',');
