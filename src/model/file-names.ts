const STOP_WORDS = new Set(['einfuehrung', 'der', 'die', 'das', 'des', 'von', 'und', 'eines', 'einer', 'ein', 'zu', 'im', 'in', 'mit', 'fuer', 'ueber', 'auf', 'den', 'aller', 'a', 'zum', 'etablierung', 'etablieren', 'oder', 'als', 'einem', 'anderen']);

/** The name measure files get: the id, then up to four meaningful words of the title, ASCII. */
export function measureFileName(id: string, title: string): string {
  const words = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .slice(0, 4);
  return words.length === 0 ? `${id}.yaml` : `${id}-${words.join('-')}.yaml`;
}
