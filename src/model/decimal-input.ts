// A decimal number as a person types it, in German or English notation: `1,8` and `1.8`,
// `13.750.000,50` and `13,750,000.50`, `13 750 000,50`, `-0,5`. The text is read under both
// conventions; it is accepted only when every valid reading gives the same number, so `1.234`
// (one thousand two hundred thirty-four, or one point two three four) is refused naming both —
// a value is never silently reinterpreted.
//
// The class, per convention (German: decimal `,`, grouping `.`; English: decimal `.`, grouping `,`;
// both: grouping by a space, no-break space or narrow no-break space):
//   [-] digits [decimal digits]                           plain, no grouping
//   [-] d{1,3} (grouping ddd)+ [decimal digits]           grouped: first group 1–3 digits not
//                                                         starting with 0, then groups of exactly
//                                                         three, one grouping character throughout
// Nothing else: no `+`, no exponent (`1e3`), no leading or trailing separator (`.5`, `5,`), no two
// separators in a row, no grouping after the decimal separator, no other characters.

/** What was read: the number as plain decimal text `-?digits(.digits)?`, or why not. */
export type DecimalReading = { decimal: string } | { problem: string };

interface Convention {
  name: string;
  decimal: string;
  grouping: readonly string[];
}

const SPACES = [' ', '\u00a0', '\u202f'];
const CONVENTIONS: readonly Convention[] = [
  { name: 'German', decimal: ',', grouping: ['.', ...SPACES] },
  { name: 'English', decimal: '.', grouping: [',', ...SPACES] },
];

const escape = (c: string): string => c.replace(/[.]/g, '\\.');

/** The plain decimal text of `body` (no sign) under one convention, or undefined when it is not valid there. */
function readAs(body: string, c: Convention): string | undefined {
  const dec = escape(c.decimal);
  const plain = new RegExp(`^(\\d+)(?:${dec}(\\d+))?$`).exec(body);
  if (plain !== null) return plain[2] === undefined ? plain[1]! : `${plain[1]}.${plain[2]}`;
  for (const g of c.grouping) {
    const grp = escape(g);
    const grouped = new RegExp(`^([1-9]\\d{0,2}(?:${grp}\\d{3})+)(?:${dec}(\\d+))?$`).exec(body);
    if (grouped !== null) {
      const whole = grouped[1]!.split(g).join('');
      return grouped[2] === undefined ? whole : `${whole}.${grouped[2]}`;
    }
  }
  return undefined;
}

/** Numerically equal plain decimals (`1.50` and `1.5`) are one reading. */
function sameNumber(a: string, b: string): boolean {
  const norm = (x: string): string => {
    const [w = '', f = ''] = x.split('.');
    return `${w.replace(/^0+(?=\d)/, '')}.${f.replace(/0+$/, '')}`;
  };
  return norm(a) === norm(b);
}

/** Reads `text` (already trimmed of units such as `%` or a currency) as a decimal number. */
export function readDecimal(text: string): DecimalReading {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  if (!/^[0-9.,\u0020\u00a0\u202f]+$/.test(body))
    return { problem: 'a number in decimal digits, optionally with - and a decimal separator (1,8 or 1.8)' };
  if (!/^\d/.test(body) || !/\d$/.test(body)) return { problem: 'a number that starts and ends with a digit (0,5 rather than ,5)' };
  const readings = CONVENTIONS.flatMap((c) => {
    const d = readAs(body, c);
    return d === undefined ? [] : [{ convention: c, decimal: d }];
  });
  if (readings.length === 0)
    return {
      problem:
        'a number like 1234,5 or 1.234,5 (German) or 1234.5 or 1,234.5 (English): one decimal separator, thousands grouped in threes with one separator',
    };
  const [first, ...rest] = readings;
  const other = rest.find((r) => !sameNumber(r.decimal, first!.decimal));
  if (other !== undefined) {
    // Both conventions read it, differently: one sees a decimal separator where the other sees grouping.
    const [a, b] = [first!, other];
    const sign = negative ? '-' : '';
    const separator = body.replace(/\d/g, '')[0]!;
    const asGrouping = a.decimal.includes('.') ? b : a;
    const asDecimal = asGrouping === a ? b : a;
    return {
      problem: `an unambiguous number: "${text}" reads as ${sign}${asGrouping.decimal} (${separator} grouping thousands, ${asGrouping.convention.name}) or as ${sign}${asDecimal.decimal} (${separator} as decimal separator, ${asDecimal.convention.name}); write ${sign}${asGrouping.decimal} or ${sign}${body}0`,
    };
  }
  return { decimal: `${negative ? '-' : ''}${first!.decimal}` };
}
