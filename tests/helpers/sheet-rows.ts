import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The measures of a strategy folder as spreadsheet rows: header first, one row per measure (export's layout). */
export function measureRows(dir: string): string[][] {
  const leitplanken = parse(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).leitplanken as { id: string; title: string }[];
  const fields = parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')).handlungsfelder as { id: string; name: string }[];
  const header = [
    'Nr',
    'Maßnahme',
    'Handlungsfeld',
    ...leitplanken.map((l) => l.title),
    'Beschreibung',
    'Ist-Zustand',
    'Handlungsempfehlung',
    'Quelle',
    'Beschluss',
    'Status',
  ];
  const rows = readdirSync(join(dir, 'measures'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(dir, 'measures', f), 'utf8')))
    .map((m) => [
      m.id,
      m.title,
      fields.find((f) => f.id === m.field)!.name,
      ...leitplanken.map((l) => String(m.scores[l.id])),
      m.description,
      m.current_state,
      m.recommendation,
      (m.source as string[]).join(', '),
      m.decision === 'prioritized' ? 'priorisiert' : m.decision === 'not_prioritized' ? 'nicht priorisiert' : '',
      m.status ?? '',
    ]);
  return [header, ...rows];
}

/** CSV as German Excel saves it (`;`, CRLF, quotes where needed), or RFC 4180 with `,`. */
export function toCsv(rows: readonly (readonly string[])[], delimiter: ';' | ',' = ';'): string {
  const field = (v: string): string => (/[";,\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(field).join(delimiter)).join('\r\n') + '\r\n';
}
