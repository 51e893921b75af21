// Which measure key each column of an imported sheet holds, from its header: the labels export
// writes (German and English, from the message catalogue), common spellings of a consultant's
// list, the Leitplanken by id and name, or what --map says. Unknown columns are named, never
// dropped silently.
import { messages } from '../i18n/messages.js';
import type { Leitplanke } from './types.js';

export const MEASURE_KEYS = [
  'id',
  'title',
  'field',
  'description',
  'current_state',
  'recommendation',
  'decision',
  'status',
  'source',
  'owner',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export type ColumnRole =
  | { kind: 'key'; key: MeasureKey }
  | { kind: 'score'; leitplanke: string }
  /** score, rank, priority and the like: computed by the tool, never read back. */
  | { kind: 'computed' }
  /** --map NAME=ignore */
  | { kind: 'ignored' }
  | { kind: 'unknown' }
  | { kind: 'empty' };

/**
 * A label as it is compared: lower case, umlauts written out, only letters and digits ("Nr." and
 * "nr", "Ist-Zustand" and "Istzustand", "Maßnahme" and "Massnahme" meet). A label of signs
 * alone ("%", "#") is kept as it is.
 */
export function labelKey(label: string): string {
  const lower = label.normalize('NFC').trim().toLocaleLowerCase('de-DE');
  const key = lower
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
  return key === '' ? lower.replace(/\s+/g, '') : key;
}

const de = messages.de;
const en = messages.en;

/** Labels of each key: what export writes in either language, then the usual variants. */
const KEY_LABELS: Record<MeasureKey, readonly string[]> = {
  id: [
    de.id,
    en.id,
    'Nr.',
    'Nummer',
    'ID',
    'Number',
    'lfd. Nr.',
    'laufende Nummer',
    'Maßnahmen-Nr.',
    'Maßnahmennummer',
    'Kennung',
    'Measure ID',
    '#',
  ],
  title: [de.measure, en.measure, 'Titel', 'Title', 'Bezeichnung', 'Maßnahmentitel', 'Name', 'Kurztitel', 'Measure title'],
  field: [de.field, en.field, 'Handlungsfeld', 'Feld', 'HF', 'Field', 'Action field', 'Area'],
  description: [de.report.description, en.report.description, 'Maßnahmenbeschreibung', 'Erläuterung', 'Beschreibung der Maßnahme'],
  current_state: [
    de.report.currentState,
    en.report.currentState,
    'Istzustand',
    'Ist',
    'Ausgangslage',
    'Status quo',
    'current_state',
    'Current state',
  ],
  recommendation: [de.report.recommendation, en.report.recommendation, 'Empfehlung', 'Handlungsempfehlungen', 'Recommended action'],
  decision: [de.decision, en.decision, 'x', 'Entscheidung', 'Beschlossen', 'Beschlusslage'],
  status: [de.report.status, en.report.status, 'Umsetzungsstand', 'Umsetzungsstatus', 'Stand', 'State'],
  source: [de.report.source, en.report.source, 'Herkunft'],
  owner: [de.report.owner, en.report.owner, 'Owner', 'Zuständig', 'Zuständigkeit', 'Verantwortlichkeit', 'Responsible'],
};

/**
 * Columns the tool computes (export's formula columns, score's CSV): known, reported as
 * computed, never read. "Priorität"/"prioritized" is the decision in a list that has no other
 * decision column (a consultant's "Priorität: x"), the computed priority beside one.
 */
const COMPUTED_LABELS = [
  de.score,
  en.score,
  de.percent,
  'Prozent',
  'percent',
  de.rank,
  en.rank,
  de.flipDistance,
  en.flipDistance,
  'flip_distance',
  'Summe',
  'Gesamt',
  'Punktzahl',
  'Gesamtpunkte',
  'Gewichtete Punktzahl',
  'Weighted score',
  'Berechnete Priorität',
  'Computed priority',
  'Priorität (berechnet)',
  'Priority (computed)',
  de.workbook.computedPriority,
  en.workbook.computedPriority,
  de.workbook.tieOrder,
  en.workbook.tieOrder,
];
const PRIORITY_LABELS = [
  de.priority,
  en.priority,
  de.prioritized,
  en.prioritized,
  'prioritized',
  'Priorisierung',
  'Prioritization',
  'Prioritisation',
];

const byLabel = new Map<string, ColumnRole>();
for (const key of MEASURE_KEYS) for (const label of KEY_LABELS[key]) byLabel.set(labelKey(label), { kind: 'key', key });
for (const label of COMPUTED_LABELS) byLabel.set(labelKey(label), { kind: 'computed' });
const priorityKeys = new Set(PRIORITY_LABELS.map(labelKey));

/** What a header names, by itself (the priority rule and duplicates are settled over the whole header). */
function roleOf(label: string, leitplanken: readonly Leitplanke[]): ColumnRole | 'priority' {
  if (label.trim() === '') return { kind: 'empty' };
  const key = labelKey(label);
  if (priorityKeys.has(key)) return 'priority';
  // A Leitplanke first by its id, which is exact; by name after the fixed labels (a Leitplanke
  // named "Status" would be odd, but the fixed label then wins and --map can say otherwise).
  const byId = leitplanken.find((l) => l.id === label.trim());
  if (byId !== undefined) return { kind: 'score', leitplanke: byId.id };
  const fixed = byLabel.get(key);
  if (fixed !== undefined) return fixed;
  const named = leitplanken.find((l) => [l.id, l.title, l.criterion, l.short].some((n) => n !== undefined && labelKey(n) === key));
  if (named !== undefined) return { kind: 'score', leitplanke: named.id };
  // "Strategie (Gewicht 4)", "Beschreibung [optional]": a note in brackets at the end is not the name.
  const bare = label.replace(/\s*(\([^()]*\)|\[[^[\]]*\])\s*$/, '');
  if (bare !== label && bare.trim() !== '') return roleOf(bare, leitplanken);
  return { kind: 'unknown' };
}

export interface HeaderReading {
  roles: ColumnRole[];
  /** Columns that read as a key another column already gives: index of the column, index of the first. */
  duplicates: { index: number; first: number }[];
}

/** --map: header (or column letter) → key, Leitplanke id or `ignore`, already checked. */
export type ColumnMap = ReadonlyMap<number, ColumnRole>;

export function readHeader(labels: readonly string[], leitplanken: readonly Leitplanke[], map: ColumnMap = new Map()): HeaderReading {
  const own = labels.map((label, i) => map.get(i) ?? roleOf(label, leitplanken));
  const hasDecision = own.some((r) => r !== 'priority' && r.kind === 'key' && r.key === 'decision');
  const roles: ColumnRole[] = own.map((r) =>
    r === 'priority' ? (hasDecision ? { kind: 'computed' } : { kind: 'key', key: 'decision' }) : r,
  );
  const duplicates: HeaderReading['duplicates'] = [];
  const seen = new Map<string, number>();
  roles.forEach((r, index) => {
    const name = r.kind === 'key' ? r.key : r.kind === 'score' ? `score:${r.leitplanke}` : undefined;
    if (name === undefined) return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else {
      duplicates.push({ index, first });
      roles[index] = { kind: 'unknown' };
    }
  });
  return { roles, duplicates };
}

/** How well a row reads as the header of a measure list: the columns it recognises; 0 without an id or title. */
export function headerScore(labels: readonly string[], leitplanken: readonly Leitplanke[]): number {
  const { roles } = readHeader(labels, leitplanken);
  const known = roles.filter((r) => r.kind === 'key' || r.kind === 'score' || r.kind === 'computed').length;
  const named = roles.some((r) => r.kind === 'key' && (r.key === 'id' || r.key === 'title'));
  return named && known >= 2 ? known : 0;
}
