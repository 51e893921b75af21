// Which measure key each column of an imported sheet holds, from its header: the labels export
// writes (German and English, from the message catalogue), common spellings of a consultant's
// list, the Leitplanken by id and name, or what --map says. Unknown columns are named, never
// dropped silently.
import { messages } from '../i18n/messages.js';
import { lazy } from './lazy.js';
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

const byLabel = lazy(() => {
  const roles = new Map<string, ColumnRole>();
  for (const key of MEASURE_KEYS) for (const label of KEY_LABELS[key]) roles.set(labelKey(label), { kind: 'key', key });
  for (const label of COMPUTED_LABELS) roles.set(labelKey(label), { kind: 'computed' });
  return roles;
});
const priorityKeys = lazy(() => new Set(PRIORITY_LABELS.map(labelKey)));

/** What a header names, by itself (the priority rule and duplicates are settled over the whole header). */
function roleOf(label: string, leitplanken: readonly Leitplanke[]): ColumnRole | 'priority' {
  if (label.trim() === '') return { kind: 'empty' };
  const key = labelKey(label);
  if (priorityKeys().has(key)) return 'priority';
  // A Leitplanke first by its id, which is exact; by name after the fixed labels (a Leitplanke
  // named "Status" would be odd, but the fixed label then wins and --map can say otherwise).
  const byId = leitplanken.find((l) => l.id === label.trim());
  if (byId !== undefined) return { kind: 'score', leitplanke: byId.id };
  const fixed = byLabel().get(key);
  if (fixed !== undefined) return fixed;
  const named = leitplanken.find((l) => [l.id, l.title, l.criterion, l.short].some((n) => n !== undefined && labelKey(n) === key));
  if (named !== undefined) return { kind: 'score', leitplanke: named.id };
  // "Strategie (Gewicht 4)", "Beschreibung [optional]": a note in brackets at the end is not the name.
  const bare = label.replace(/\s*(\([^()]*\)|\[[^[\]]*\])\s*$/, '');
  if (bare !== label && bare.trim() !== '') return roleOf(bare, leitplanken);
  return roleByWords(label, leitplanken);
}

/*
 * Headers written by someone else ("Lfd. Nr.", "Maßnahmenbezeichnung", "Handlungsfeld-Nr.",
 * "Bewertung Strategie", "IT-Sicherheit"): read word by word. Every word must be explained — a
 * filler word, a word of a key's vocabulary, a word of a Leitplanke's names — so a header with
 * any other word ("Kosten der Maßnahme") stays unknown rather than guessed. German compounds are
 * split into explained parts ("Maßnahmen|bezeichnung"); a Leitplanke word may also end one
 * ("Informations|sicherheit").
 */

/** Words that say nothing about which key: articles, and what a score column is called around its name. */
const FILLER = lazy(
  () =>
    new Set(
      [
        ...[
          'der',
          'die',
          'das',
          'des',
          'dem',
          'den',
          'ein',
          'eine',
          'und',
          'fuer',
          'zur',
          'zum',
          'im',
          'in',
          'je',
          'von',
          'nach',
          'auf',
          'mit',
          'zu',
        ],
        ...['of', 'the', 'a', 'an', 'and', 'for', 'per', 'on', 'to', 'by', 'with'],
        ...[
          'bewertung',
          'bewertet',
          'kriterium',
          'kriterien',
          'leitplanke',
          'leitplanken',
          'relevanz',
          'bedeutung',
          'wirkung',
          'beitrag',
          'wert',
        ],
        ...['criterion', 'criteria', 'rating', 'score', 'impact', 'effect', 'relevance', 'value', 'guardrail'],
      ].map(labelKey),
    ),
);

type Concept = MeasureKey | 'num' | 'measure';
/** The vocabulary: number words go with what they number ("Handlungsfeld-Nr." is the field). */
const CONCEPT_WORDS: Record<Exclude<Concept, 'id'>, readonly string[]> = {
  num: ['nr', 'nummer', 'no', 'number', 'num', 'id', 'kennung', 'kennziffer', 'lfd', 'laufende', 'laufend', 'fortlaufende', 'identifier'],
  measure: ['massnahme', 'massnahmen', 'measure', 'measures', 'vorhaben', 'projekt', 'project'],
  field: ['handlungsfeld', 'handlungsfelder', 'hf', 'feld', 'field', 'themenfeld', 'area'],
  title: ['titel', 'title', 'bezeichnung', 'name', 'kurztitel', 'kurzbezeichnung', 'benennung'],
  description: ['beschreibung', 'kurzbeschreibung', 'erlaeuterung', 'erlaeuterungen', 'description', 'details', 'inhalt'],
  current_state: ['istzustand', 'ist', 'ausgangslage', 'ausgangssituation', 'current'],
  recommendation: ['empfehlung', 'handlungsempfehlung', 'handlungsempfehlungen', 'recommendation', 'recommended'],
  decision: ['beschluss', 'entscheidung', 'decision', 'beschlossen', 'beschlusslage'],
  status: ['status', 'umsetzungsstand', 'umsetzungsstatus', 'stand', 'sachstand', 'umsetzung'],
  source: ['quelle', 'quellen', 'herkunft', 'source', 'sources'],
  owner: [
    'verantwortlich',
    'verantwortlicher',
    'verantwortlichkeit',
    'zustaendig',
    'zustaendigkeit',
    'owner',
    'responsible',
    'federfuehrung',
  ],
};
const conceptOf = new Map<string, Concept>();
for (const [concept, words] of Object.entries(CONCEPT_WORDS)) for (const w of words) conceptOf.set(w, concept as Concept);

/** The words of a label, each folded as labelKey folds a label. */
function wordsOf(label: string): string[] {
  return label
    .split(/[^\p{L}\p{N}]+/u)
    .map(labelKey)
    .filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
}

/** The same word in another ending ("strategische", "strategie"; "sicherheits", "sicherheit"). */
function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 6) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= Math.max(6, shorter - 2);
}

type Tag = { kind: 'filler' } | { kind: 'concept'; concept: Concept } | { kind: 'leitplanke'; id: string };

/** Each Leitplanke's own words (in no other Leitplanke's names), and the words they share (explained, saying nothing). */
// Every header cell of the first rows is read under each candidate delimiter: computed once per list.
const wordsCache = new WeakMap<readonly Leitplanke[], { own: Map<string, string>; shared: Set<string> }>();

function leitplankeWords(leitplanken: readonly Leitplanke[]): { own: Map<string, string>; shared: Set<string> } {
  const cached = wordsCache.get(leitplanken);
  if (cached !== undefined) return cached;
  const owners = new Map<string, Set<string>>();
  for (const l of leitplanken)
    for (const name of [l.id, l.title, l.criterion, l.short])
      if (name !== undefined) for (const w of wordsOf(name)) if (!FILLER().has(w)) owners.set(w, (owners.get(w) ?? new Set()).add(l.id));
  const own = new Map<string, string>();
  const shared = new Set<string>();
  for (const [w, ids] of owners) {
    const all = new Set(ids);
    for (const [v, others] of owners) if (v !== w && similar(v, w)) for (const id of others) all.add(id);
    if (all.size === 1 && w.length >= 3 && !conceptOf.has(w)) own.set(w, [...all][0]!);
    else shared.add(w);
  }
  wordsCache.set(leitplanken, { own, shared });
  return { own, shared };
}

function explainWhole(word: string, lp: ReturnType<typeof leitplankeWords>): Tag | 'neutral' | undefined {
  if (FILLER().has(word)) return { kind: 'filler' };
  const concept = conceptOf.get(word) ?? [...conceptOf].find(([w]) => similar(w, word))?.[1];
  if (concept !== undefined) return { kind: 'concept', concept };
  for (const [w, id] of lp.own) if (similar(w, word)) return { kind: 'leitplanke', id };
  if (lp.shared.has(word)) return 'neutral';
  return undefined;
}

/** What a word says: one tag per part of a compound; undefined when a part is unexplained. */
function explain(word: string, lp: ReturnType<typeof leitplankeWords>, depth = 0): (Tag | 'neutral')[] | undefined {
  const whole = explainWhole(word, lp);
  if (whole !== undefined) return [whole];
  for (const [w, id] of lp.own) if (w.length >= 5 && word.endsWith(w)) return [{ kind: 'leitplanke', id }];
  if (depth > 1) return undefined;
  for (let i = 2; i <= word.length - 2; i++) {
    const head = explainWhole(word.slice(0, i), lp) ?? (word[i - 1] === 's' && i > 3 ? explainWhole(word.slice(0, i - 1), lp) : undefined);
    if (head === undefined) continue;
    const rest = explain(word.slice(i), lp, depth + 1);
    if (rest !== undefined) return [head, ...rest];
  }
  return undefined;
}

function roleByWords(label: string, leitplanken: readonly Leitplanke[]): ColumnRole {
  const words = wordsOf(label);
  if (words.length === 0 || words.length > 6) return { kind: 'unknown' };
  const lp = leitplankeWords(leitplanken);
  const concepts = new Set<Concept>();
  const ids = new Set<string>();
  for (const word of words) {
    const tags = explain(word, lp);
    if (tags === undefined) return { kind: 'unknown' };
    for (const t of tags)
      if (t === 'neutral' || t.kind === 'filler') continue;
      else if (t.kind === 'concept') concepts.add(t.concept);
      else ids.add(t.id);
  }
  if (ids.size > 0) return ids.size === 1 && concepts.size === 0 ? { kind: 'score', leitplanke: [...ids][0]! } : { kind: 'unknown' };
  const key = (k: MeasureKey): ColumnRole => ({ kind: 'key', key: k });
  const has = (c: Concept): boolean => concepts.has(c);
  // A number or name of the Handlungsfeld ("Nr. HF", "Handlungsfeld-Nr.") is the field, not the id.
  if (has('field') && [...concepts].every((c) => c === 'field' || c === 'num' || c === 'title')) return key('field');
  const others = [...concepts].filter((c) => c !== 'num' && c !== 'measure' && c !== 'title');
  if (others.length === 1 && !has('num')) return key(others[0] as MeasureKey);
  if (others.length > 0) return { kind: 'unknown' };
  if (has('title') && !has('num')) return key('title');
  if (has('num') && !has('title')) return key('id');
  if (has('measure')) return key('title');
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

/**
 * A two-row header: a group cell ("Bewertung", often merged over its columns) above the
 * sub-headers ("Strategie", "Qualität", …). The row below the header joins it when it holds only
 * text, none of it in the id or title column the header found, and the joined header recognises
 * more columns. Each column's label is then the group and the sub-header together ("Bewertung
 * Strategie"), or the sub-header alone where the two together say nothing.
 */
export function joinedHeader(
  header: readonly string[],
  below: readonly { text: string; plain: boolean }[],
  leitplanken: readonly Leitplanke[],
): string[] | undefined {
  if (below.length === 0 || below.some((c) => !c.plain && c.text.trim() !== '')) return undefined;
  if (!below.some((c) => c.text.trim() !== '')) return undefined;
  const { roles } = readHeader(header, leitplanken);
  const named = roles.findIndex((r) => r.kind === 'key' && (r.key === 'id' || r.key === 'title'));
  if (named === -1 || (below[named]?.text.trim() ?? '') !== '') return undefined;
  const width = Math.max(header.length, below.length);
  const joined = Array.from({ length: width }, (_, i) => {
    const top = header[i]?.trim() ?? '';
    const sub = below[i]?.text.trim() ?? '';
    if (sub === '' || top === sub) return top;
    if (top === '') return sub;
    const both = `${top} ${sub}`;
    const role = roleOf(both, leitplanken);
    return role !== 'priority' && role.kind === 'unknown' ? sub : both;
  });
  return headerScore(joined, leitplanken) > headerScore(header, leitplanken) ? joined : undefined;
}
