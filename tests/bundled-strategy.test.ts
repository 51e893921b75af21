import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { bundled } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { readSeed } from './helpers/seed.js';

const load = () => assembleStrategy('strategy', readStrategyDir(bundled));

describe('the bundled 2018 strategy', () => {
  it('validates without findings; the requirements the seed links to no measure record that gap in unserved', async () => {
    const { strategy, findings } = load();
    expect(findings).toEqual([]);
    expect(strategy?.requirements.filter((r) => r.measures.length === 0).map((r) => [r.id, r.unserved !== undefined])).toEqual([
      ['egovg', true],
      ['eu-egovernment-aktionsplan', true],
      ['masterplan-digitalisierung', true],
      ['land-antragsverwaltung', true],
    ]);
    expect(strategy?.measures).toHaveLength(54);
  });

  it('has every measure of the seed, numbered per Handlungsfeld', async () => {
    const ids = load().strategy!.measures.map((m) => m.id);
    const expected = [
      ...Array.from({ length: 11 }, (_, i) => `1.${i + 1}`),
      ...Array.from({ length: 7 }, (_, i) => `2.${i + 1}`),
      ...Array.from({ length: 12 }, (_, i) => `3.${i + 1}`),
      ...Array.from({ length: 21 }, (_, i) => `4.${i + 1}`),
      '5.1',
      '5.2',
      '5.3',
    ];
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it("starts every YAML file with a schema line pointing at the strategy's own copy in .schema/", async () => {
    const files = [
      'strategy.yaml',
      'leitplanken.yaml',
      'metrics.yaml',
      'requirements.yaml',
      ...readdirSync(join(bundled, 'measures')).map((f) => `measures/${f}`),
    ];
    expect(files).toHaveLength(58);
    for (const file of files) {
      const first = readFileSync(join(bundled, file), 'utf8').split('\n')[0]!;
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, file).not.toBeNull();
      const target = resolve(dirname(join(bundled, file)), match![1]!);
      expect(existsSync(target), file).toBe(true);
      const schema = file.startsWith('measures/') ? 'measure' : file.replace('.yaml', '');
      expect(target, file).toBe(join(bundled, '.schema', `${schema}.schema.json`));
    }
  });

  // The copies are checked, not generated: a build that rewrote tracked files would leave every
  // checkout dirty. After changing a schema: cp src/schema/*.schema.json strategy/.schema/
  it('keeps .schema/ byte for byte equal to the schemas in src/schema/', () => {
    const sources = readdirSync(join(bundled, '..', 'src', 'schema')).filter((f) => f.endsWith('.schema.json'));
    expect(sources).toHaveLength(6);
    expect(readdirSync(join(bundled, '.schema')).sort()).toEqual([...sources].sort());
    for (const name of sources)
      expect(readFileSync(join(bundled, '.schema', name), 'utf8'), `strategy/.schema/${name} differs from src/schema/${name}`).toBe(
        readFileSync(join(bundled, '..', 'src', 'schema', name), 'utf8'),
      );
  });

  it('quotes every measure id so 1.10 never becomes the number 1.1', async () => {
    for (const file of readdirSync(join(bundled, 'measures'))) {
      const text = readFileSync(join(bundled, 'measures', file), 'utf8');
      expect(text, file).toMatch(/^id: "\d+\.\d+"$/m);
      expect(typeof parse(text).id).toBe('string');
    }
  });

  it('models Handlungsfeld 5 as scored but never prioritised', async () => {
    const s = load().strategy!;
    const fields = s.strategy.handlungsfelder.map((f) => [f.number, f.name, f.prioritized]);
    expect(fields).toEqual([
      [1, 'eAdministration', true],
      [2, 'Kundenschnittstelle', true],
      [3, 'Technik & Infrastruktur', true],
      [4, 'IT-Organisation und Prozesse', true],
      [5, 'Übergeordnete Themen', false],
    ]);
    expect(s.strategy).toMatchObject({
      version: '1.4',
      date: '2018-11-19',
      language: 'de',
      adoption: { body: 'Verwaltungsausschuss', date: '2018-12-11' },
      review: { fortschreibung_years: 3, annual_review: true },
    });
  });

  it('has the four Leitplanken in the seed column order with the Anhang III scales', async () => {
    const l = load().strategy!.leitplanken.leitplanken;
    expect(l.map((x) => x.id)).toEqual(['strategy', 'quality', 'security', 'external']);
    expect(l.map((x) => x.criterion)).toEqual([
      'Strategische Wirkung',
      'Wirkung auf Datenqualität und -quantität',
      'IT-Sicherheits-Wirkung',
      'Außenwirkung',
    ]);
    for (const x of l) expect(x.scale.map((s) => s.value)).toEqual([0, 1, 2, 3, 4]);
    expect(l[3]!.scale[4]!.text).toBe('Maßnahme mit deutschlandweiter Wirkung in der Öffentlichkeit');
  });

  it('has every Messgröße of Anhang IV under its goal, with no values yet', async () => {
    const m = load().strategy!.metrics;
    expect(m.metrics.map((x) => x.goal)).toEqual([
      'strategy',
      'quality',
      'security',
      'security',
      'security',
      'cost-benefit',
      'cost-benefit',
      'external',
    ]);
    expect(m.metrics.every((x) => x.values.length === 0)).toBe(true);
    expect(m.goals?.map((g) => g.name)).toEqual(['Beachtung eines angemessenen Kosten-Nutzen-Verhältnisses']);
  });

  const seed = readSeed();
  it.skipIf(seed === undefined)('matches the seed table word for word (titles, texts, sources, scores, decisions)', () => {
    const measures = load().strategy!.measures;
    expect(seed!.measures).toHaveLength(54);
    for (const row of seed!.measures) {
      const m = measures.find((x) => x.id === row.id);
      expect(m, row.id).toBeDefined();
      expect({
        title: m!.title,
        description: m!.description,
        source: m!.source,
        current_state: m!.current_state,
        recommendation: m!.recommendation,
      }).toEqual({
        title: row.title,
        description: row.description,
        source: row.source,
        current_state: row.current_state,
        recommendation: row.recommendation,
      });
      expect([m!.scores['strategy'], m!.scores['quality'], m!.scores['security'], m!.scores['external']]).toEqual(row.scores);
      expect(m!.decision).toBe(row.prioritized ? 'prioritized' : 'not_prioritized');
    }
  });

  it('keeps the text of every footnote whose mark it keeps, and chapter 4.3 bullet list in one piece', () => {
    const fields = load().strategy!.strategy.handlungsfelder;
    for (const f of fields) {
      const text = f.description ?? '';
      for (const mark of new Set(text.match(/[¹²³⁴⁵⁶⁷⁸⁹]/g) ?? []))
        expect(text, `${f.id}: footnote ${mark} has no text`).toMatch(new RegExp(`^${mark} \\S`, 'm'));
    }
    const organisation = fields.find((f) => f.id === 'organisation')!.description!;
    expect(organisation).toContain(
      '⁵ IT-Grundschutz-Profil: Basis-Absicherung Kommunalverwaltung\nhttps://www.bsi.bund.de/SharedDocs/Downloads/DE/BSI/Grundschutz/Hilfsmittel/Profile/Basis_Absicherung_Kommunalverwaltung.html',
    );
    // The five bullets of chapter 4.3 follow each other without a blank line.
    expect(
      organisation
        .match(/(^- .*\n)+/m)![0]
        .split('\n')
        .filter((l) => l.startsWith('- ')),
    ).toHaveLength(5);
  });

  // Chapter 2.2 transcribed: every text and every quoted basis of a link is the seed's own
  // wording (omissions marked […]; footnote marks and line breaks aside).
  it.skipIf(seed === undefined)('carries the requirements of chapter 2.2 verbatim, each link with a quote from the seed', () => {
    const flat = (s: string) =>
      s
        .replace(/[¹²³⁴⁵]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const seedText = flat(seed!.text);
    const inSeed = (quote: string, where: string) => {
      for (const part of quote
        .split('[…]')
        .map(flat)
        .filter((p) => p !== ''))
        expect(seedText.includes(part), `${where}: "${part}" is not in the seed`).toBe(true);
    };
    const text = readFileSync(join(bundled, 'requirements.yaml'), 'utf8');
    const doc = parseDocument(text);
    const requirements = load().strategy!.requirements;
    expect(requirements.map((r) => r.id)).toEqual([
      'egovg',
      'ozg',
      'eu-egovernment-aktionsplan',
      'eu-evergabe',
      'eidas',
      'eu-erechnung',
      'narchg',
      'masterplan-digitalisierung',
      'ndig',
      'land-nutzerkonto',
      'land-behoerdeninformationssystem',
      'land-antragsverwaltung',
      'land-epayment',
      'land-erechnung',
    ]);
    // Deadlines only where the seed names one: "bis Juni 2022" and the action plan's "(2019)".
    expect(requirements.filter((r) => r.deadline !== undefined).map((r) => `${r.id} ${r.deadline!}`)).toEqual([
      'ozg 2022-06',
      'eu-evergabe 2019',
      'eu-erechnung 2019',
    ]);
    requirements.forEach((r, i) => {
      inSeed(r.text!, `${r.id}.text`);
      r.measures.forEach((id, j) => {
        // The comment above a list's first item belongs to the list in the YAML model.
        const node = doc.getIn(j === 0 ? ['requirements', i, 'measures'] : ['requirements', i, 'measures', j], true) as
          { commentBefore?: string } | undefined;
        const quotes = [...(node?.commentBefore ?? '').replace(/\n/g, ' ').matchAll(/"([^"]+)"/g)].map((q) => q[1]!);
        expect(quotes.length, `${r.id} → ${id} has no quoted basis`).toBeGreaterThan(0);
        for (const q of quotes) inSeed(q, `${r.id} → ${id}`);
      });
    });
  });

  it('lists all 54 measures through score --format json with the published decisions', async () => {
    const run = await itstratInProcess(['score', '--format', 'json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { criteria: { id: string }[]; measures: { id: string; decision: string }[] };
    expect(out.criteria.map((c) => c.id)).toEqual(['strategy', 'quality', 'security', 'external']);
    expect(out.measures).toHaveLength(54);
    expect(
      out.measures
        .filter((m) => m.decision === 'prioritized')
        .map((m) => m.id)
        .sort(),
    ).toEqual(
      [
        '1.1',
        '1.2',
        '1.3',
        '1.4',
        '1.5',
        '1.8',
        '1.11',
        '2.1',
        '2.2',
        '2.6',
        '3.5',
        '3.8',
        '4.1',
        '4.5',
        '4.6',
        '4.12',
        '4.13',
        '4.15',
        '4.20',
        '4.21',
      ].sort(),
    );
  });
});
