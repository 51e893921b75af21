// A stored value as a person reads it: enum values through the catalogue (never `in_progress` or
// `not_prioritized` in German text), booleans as ja/nein, numbers in the language's notation.
// JSON never comes here; it keeps the machine values.
import type { Messages } from '../i18n/messages.js';

/** The catalogue of each schema property whose values are an enum; undefined for any other property. */
export function enumLabels(property: string, m: Messages): Readonly<Record<string, string>> | undefined {
  switch (property) {
    case 'decision':
      return m.values.decision;
    case 'status':
      return m.status.statusNames;
    case 'source':
      return m.values.source;
    case 'kind':
      // Metric kinds and requirement kinds share the property name and no value.
      return { ...m.report.kinds, ...m.requirements.kinds };
    case 'computed':
      return m.requirements.computedNames;
    case 'direction':
      return m.values.direction;
    case 'language':
      return m.values.language;
    default:
      return undefined;
  }
}

/** A value of the property at `path` (`decision`, `scores.security`, `review.annual_review`) for a person. */
export function valueText(path: string, value: unknown, m: Messages): string {
  const property = path.split('.').at(-1) ?? path;
  const labels = enumLabels(property, m);
  const one = (v: unknown): string => {
    if (v === null || v === undefined) return '–';
    if (typeof v === 'boolean') return v ? m.yes : m.no;
    if (typeof v === 'number') return m.numbers.number(v);
    if (typeof v === 'string') return labels !== undefined && Object.hasOwn(labels, v) ? labels[v]! : v;
    return JSON.stringify(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}
