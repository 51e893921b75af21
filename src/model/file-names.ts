const STOP_WORDS = new Set([
  'einfuehrung',
  'der',
  'die',
  'das',
  'des',
  'von',
  'und',
  'eines',
  'einer',
  'ein',
  'zu',
  'im',
  'in',
  'mit',
  'fuer',
  'ueber',
  'auf',
  'den',
  'aller',
  'a',
  'zum',
  'etablierung',
  'etablieren',
  'oder',
  'als',
  'einem',
  'anderen',
]);

/** The longest title part of a measure file name: names stay readable and far below file-system limits. */
export const MAX_SLUG_LENGTH = 60;

/** Whole words up to MAX_SLUG_LENGTH; a single longer word is cut, as no boundary is left to cut at. */
function shorten(words: readonly string[]): string {
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > MAX_SLUG_LENGTH) return slug === '' ? word.slice(0, MAX_SLUG_LENGTH) : slug;
    slug = next;
  }
  return slug;
}

/** A Handlungsfeld id from its name, as `init --import` makes one: the words of a file name, or "". */
export function fieldIdFrom(name: string): string {
  return shorten(words(name));
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\u00e4/g, 'ae')
    .replace(/\u00f6/g, 'oe')
    .replace(/\u00fc/g, 'ue')
    .replace(/\u00df/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .slice(0, 4);
}

/**
 * The name measure files get: the id, then up to four meaningful words of the title, ASCII, at
 * most MAX_SLUG_LENGTH characters; just the id when the title has no letters or digits to use.
 */
export function measureFileName(id: string, title: string): string {
  const slug = shorten(words(title));
  return slug === '' ? `${id}.yaml` : `${id}-${slug}.yaml`;
}
