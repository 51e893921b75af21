import { readDecimal } from './decimal-input.js';
import { exactProblem } from './exact-number.js';
import { didYouMean } from './suggest.js';
import type { Metric, MetricValue } from './types.js';

/** Reads a value typed on the command line as the metric's kind demands; throws a message saying what was expected. */
export function parseMetricValue(metric: Pick<Metric, 'id' | 'kind' | 'states' | 'currency'>, text: string): MetricValue {
  const t = text.trim();
  const fail = (expected: string): never => {
    throw new Error(`${metric.id} is a ${metric.kind} metric: expected ${expected} (found "${text}")`);
  };
  // Nothing is rounded on the way into the file: a number the file could not hold exactly, or
  // -0 (which the file check refuses), is refused here with the reason.
  const exact = (digits: string, expected: string): number => {
    const problem = exactProblem(digits);
    if (problem !== undefined) return fail(`${expected}; ${digits} ${problem}`);
    if (/^-0*(\.0+)?$/.test(digits)) return fail(`${expected}, not negative zero`);
    if (/^-?0\d/.test(digits)) return fail(`${expected} without leading zeros`);
    // The file holds what JavaScript writes for the number: 0.0000001 would become 1e-7, which
    // the file check refuses. Such a value is refused here, before anything is written.
    if (/e/i.test(String(Number(digits))))
      return fail(
        `${expected} that can be written in plain decimal digits (from 0.000001 up; ${digits} would be written as ${String(Number(digits))})`,
      );
    return Number(digits);
  };
  /** The number typed in German or English notation, as plain decimal text; refused when ambiguous. */
  const decimal = (typed: string, expected: string, allow: { negative: boolean; fraction: boolean }): string => {
    const reading = readDecimal(typed);
    if ('problem' in reading) return fail(`${expected}: ${reading.problem}`);
    if (!allow.negative && reading.decimal.startsWith('-')) return fail(expected);
    if (!allow.fraction && reading.decimal.includes('.')) return fail(expected);
    return reading.decimal;
  };
  switch (metric.kind) {
    case 'count':
      return exact(decimal(t, 'a whole number ≥ 0', { negative: false, fraction: false }), 'a whole number ≥ 0');
    case 'number':
      return exact(decimal(t, 'a number like 12 or -3,5', { negative: true, fraction: true }), 'a number');
    case 'ratio':
      return exact(decimal(t, 'a number ≥ 0 like 1,8', { negative: false, fraction: true }), 'a number ≥ 0');
    case 'percent': {
      const expected = 'a percentage from 0 to 100';
      const digits = decimal(t.replace(/\s*%$/, ''), expected, { negative: false, fraction: true });
      // Compared as digits: 100.0000000000000001 must not pass as 100 after rounding.
      const [whole = '', fraction = ''] = digits.split('.');
      const over = BigInt(whole) > 100n || (BigInt(whole) === 100n && /[1-9]/.test(fraction));
      return over ? fail(expected) : exact(digits, expected);
    }
    case 'money': {
      const currency = metric.currency ?? 'EUR';
      const expected = `an amount with at most two decimals, e.g. 1.250.000,50 ${currency} or 1250000.50 ${currency}`;
      const match = /^(.*?)(?:\s*([A-Z]{3}|\u20ac))?$/.exec(t)!;
      // German users write the euro sign after the amount (1.250,00 €); it means EUR.
      const given = match[2] === '€' ? 'EUR' : match[2];
      if (given !== undefined && given !== currency) return fail(`an amount in ${currency}`);
      const digits = decimal(match[1]!, expected, { negative: true, fraction: true });
      if ((digits.split('.')[1] ?? '').length > 2) return fail(expected);
      return exact(digits, 'an amount');
    }
    case 'status': {
      const states = metric.states ?? [];
      return states.includes(t) ? t : fail(`one of ${states.join(', ')}${didYouMean(t, states)}`);
    }
    case 'list': {
      const items = t
        .split(';')
        .map((x) => x.trim())
        .filter((x) => x !== '');
      return items;
    }
  }
}
