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
  switch (metric.kind) {
    case 'count':
      return /^\d+$/.test(t) ? exact(t, 'a whole number ≥ 0') : fail('a whole number ≥ 0');
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(t) ? exact(t, 'a number') : fail('a number like 12 or -3.5');
    case 'ratio':
      return /^\d+(\.\d+)?$/.test(t) ? exact(t, 'a number ≥ 0') : fail('a number ≥ 0 like 1.8');
    case 'percent': {
      const v = t.replace(/\s*%$/, '');
      return /^\d+(\.\d+)?$/.test(v) && Number(v) <= 100 ? exact(v, 'a percentage from 0 to 100') : fail('a percentage from 0 to 100');
    }
    case 'money': {
      const match = /^(-?\d+(?:\.\d{1,2})?)(?:\s*([A-Z]{3}))?$/.exec(t);
      const currency = metric.currency ?? 'EUR';
      if (match === null) return fail(`an amount with at most two decimals, e.g. 1250000.50 ${currency}`);
      if (match[2] !== undefined && match[2] !== currency) return fail(`an amount in ${currency}`);
      return exact(match[1]!, 'an amount');
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
