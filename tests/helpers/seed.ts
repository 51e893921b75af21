import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One row of the seed's detailed table (Anlage Maßnahmendetails), verbatim. */
export interface SeedMeasure {
  id: string;
  cluster: string;
  title: string;
  description: string;
  source: string[];
  current_state: string;
  recommendation: string;
  scores: [number, number, number, number];
  prioritized: boolean;
}

/** The seed lives in the shared folder beside the checkout; CI gets a copy there too. */
export function seedPath(): string | undefined {
  const candidates = [process.env['ITSTRAT_SEED'], resolve(import.meta.dirname, '../../../shared/seed/it-strategie-braunschweig-2018.txt')];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

export function parseSeedTable(text: string): SeedMeasure[] {
  const rows: SeedMeasure[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('\t');
    if (cells.length !== 12 || !/^\d+\.\d+$/.test(cells[0] ?? '')) continue;
    const [id, cluster, title, description, source, current, recommendation, s1, s2, s3, s4, x] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    rows.push({
      id,
      cluster,
      title,
      description,
      source: source === '' ? [] : source.split(' / '),
      current_state: current,
      recommendation,
      scores: [Number(s1), Number(s2), Number(s3), Number(s4)],
      prioritized: x.trim() === 'x',
    });
  }
  return rows;
}

export function readSeed(): { text: string; measures: SeedMeasure[] } | undefined {
  const path = seedPath();
  if (path === undefined) return undefined;
  const text = readFileSync(path, 'utf8');
  return { text, measures: parseSeedTable(text) };
}
