// Issue 16: the register of requirements (requirements.yaml), measures over time (fachbereich,
// start, due, depends_on) and the computed metric — the rules, located in their files.
import { describe, expect, it } from 'vitest';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import { dependencyCycles, topologicalOrder } from '../src/model/dependencies.js';
import type { SourceFile } from '../src/model/source-file.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { bundled } from './helpers/cli.js';

/** The bundled strategy without its register (whose warnings are tested elsewhere) and with some files replaced. */
function withFiles(given: Record<string, string | null>): ReturnType<typeof assembleStrategy> {
  const changes: Record<string, string | null> = { 'requirements.yaml': null, ...given };
  const files = readStrategyDir(bundled).filter((f) => !(f.relative in changes));
  const added: SourceFile[] = Object.entries(changes)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([relative, text]) => ({ path: `strategy/${relative}`, relative, bytes: Buffer.from(text) }));
  return assembleStrategy('strategy', [...files, ...added]);
}

const measure = (id: string, extra = '', decision = '') =>
  `id: "${id}"\ntitle: T\nfield: technik\ndescription: D\nsource: []\ncurrent_state: ""\nrecommendation: ""\nscores: { strategy: 1, quality: 1, security: 1, external: 1 }\n${decision}${extra}`;

const requirements = (body: string) => `requirements:\n${body}`;
const req = (id: string, measures: string, extra = '') =>
  `  - id: ${id}\n    name: N ${id}\n    kind: law\n    mandatory: true\n${extra}    measures: ${measures}\n`;

const show = (r: ReturnType<typeof assembleStrategy>) =>
  r.findings
    .filter((f) => f.rule !== 'unserved-requirement' || !f.file.endsWith('strategy/requirements.yaml') || true)
    .map((f) => `${f.file}:${f.line}:${f.col} ${f.severity} ${f.rule} ${f.message}`);

describe('requirements.yaml', () => {
  it('is optional: a strategy without it validates and has no requirements', () => {
    const r = withFiles({ 'requirements.yaml': null });
    expect(r.findings).toEqual([]);
    expect(r.strategy?.requirements).toEqual([]);
  });

  it('an unknown measure id is an error at the list entry, with a did-you-mean', () => {
    const r = withFiles({ 'requirements.yaml': requirements(req('ozg', '["2.1", "1.80", "9.9"]')) });
    expect(show(r)).toEqual([
      'strategy/requirements.yaml:6:23 error unknown-measure requirement ozg names measure 1.80, which does not exist — did you mean 1.10?',
      'strategy/requirements.yaml:6:31 error unknown-measure requirement ozg names measure 9.9, which does not exist — did you mean 1.9?',
    ]);
    expect(r.strategy).toBeUndefined();
  });

  it('a requirement no measure serves is a warning; a duplicate id an error', () => {
    const r = withFiles({ 'requirements.yaml': requirements(req('a', '[]') + req('a', '["1.1"]')) });
    expect(show(r)).toEqual([
      'strategy/requirements.yaml:6:15 warning unserved-requirement no measure serves requirement a (N a); link one in measures, or say why none does in unserved',
      'strategy/requirements.yaml:7:9 error duplicate-requirement requirement id a is used twice',
    ]);
  });

  it('a gap recorded with its reason (unserved) is not warned about', () => {
    const r = withFiles({ 'requirements.yaml': requirements(req('a', '[]', '    unserved: none named\n')) });
    expect(r.findings).toEqual([]);
    const empty = withFiles({ 'requirements.yaml': requirements(req('a', '[]', '    unserved: ""\n')) });
    expect(empty.findings.map((f) => f.rule)).toEqual(['min-length']);
  });

  it('schema: deadlines are real calendar periods, kinds an enum, mandatory a boolean', () => {
    const r = withFiles({
      'requirements.yaml': requirements(
        '  - id: a\n    name: A\n    kind: statute\n    mandatory: yes\n    deadline: "2021-02-29"\n    measures: ["1.1"]\n',
      ),
    });
    expect(r.findings.map((f) => `${f.line}:${f.col} ${f.path} ${f.rule}`)).toEqual(
      ['4:11 requirements.0.kind enum', '5:16 requirements.0.mandatory type', '6:15 requirements.0.deadline date'].sort(),
    );
  });

  it('an empty or non-mapping file is a located error, not a crash', () => {
    for (const text of ['', 'requirements: 3\n', '- a\n', 'requirements: [ {id: 1} ]\n']) {
      const r = withFiles({ 'requirements.yaml': text });
      expect(r.strategy, JSON.stringify(text)).toBeUndefined();
      expect(r.findings.every((f) => f.file === 'strategy/requirements.yaml' && f.line >= 1)).toBe(true);
    }
  });
});

describe('measures over time', () => {
  it('accepts fachbereich, start, due and depends_on', () => {
    const r = withFiles({
      'measures/3.13-neu.yaml': measure('3.13', 'fachbereich: FB 10\nstart: "2025-01-01"\ndue: "2026-06-30"\ndepends_on: ["3.1"]\n'),
    });
    expect(r.findings).toEqual([]);
    expect(r.strategy?.measures.find((m) => m.id === '3.13')).toMatchObject({
      fachbereich: 'FB 10',
      start: '2025-01-01',
      due: '2026-06-30',
      depends_on: ['3.1'],
    });
  });

  it('refuses dates that are not on the calendar, and an empty fachbereich', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13', 'fachbereich: ""\nstart: "2025-02-29"\ndue: 2026\n') });
    expect(r.findings.map((f) => `${f.path} ${f.rule}`).sort()).toEqual(['due type', 'fachbereich min-length', 'start date'].sort());
  });

  it('an unknown dependency is an error at the entry, with a did-you-mean', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13', 'depends_on: ["3.1", "3.100"]\n') });
    expect(show(r)).toEqual([
      'strategy/measures/3.13-neu.yaml:9:21 error unknown-dependency measure 3.13 depends on 3.100, which does not exist — did you mean 3.10?',
    ]);
  });

  it('a cycle is reported once, whole, at the depends_on entry that starts it', () => {
    const r = withFiles({
      'measures/1.8-earchiv.yaml': measure('1.8', 'depends_on: ["1.3"]\n').replace('field: technik', 'field: eadministration'),
      'measures/1.3-standardisierung-datenformate-elektronischer-datenaustausch.yaml': measure('1.3', 'depends_on: ["1.8"]\n').replace(
        'field: technik',
        'field: eadministration',
      ),
    });
    expect(show(r)).toEqual([
      'strategy/measures/1.3-standardisierung-datenformate-elektronischer-datenaustausch.yaml:9:14 error dependency-cycle dependency cycle: 1.3 → 1.8 → 1.3',
    ]);
  });

  it('a measure depending on itself is a cycle of one', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13', 'depends_on: ["3.13"]\n') });
    expect(show(r)).toEqual(['strategy/measures/3.13-neu.yaml:9:14 error dependency-cycle dependency cycle: 3.13 → 3.13']);
  });

  it('a measure due before one it depends on is an error at its due date; start after due too', () => {
    const r = withFiles({
      'measures/3.13-neu.yaml': measure('3.13', 'due: "2025-01-01"\ndepends_on: ["3.14"]\n'),
      'measures/3.14-neu.yaml': measure('3.14', 'start: "2026-01-01"\ndue: "2025-12-31"\n'),
    });
    expect(show(r)).toEqual([
      'strategy/measures/3.13-neu.yaml:9:6 error due-before-dependency measure 3.13 is due 2025-01-01, before 3.14 it depends on (due 2025-12-31); expected a due date on or after 2025-12-31',
      'strategy/measures/3.14-neu.yaml:10:6 error start-after-due measure 3.14 is due 2025-12-31, before its start 2026-01-01',
    ]);
  });

  it('a prioritised measure depending on a non-prioritised one is a warning', () => {
    const r = withFiles({
      'measures/3.13-neu.yaml': measure('3.13', 'depends_on: ["3.9"]\n', 'decision: prioritized\n'),
    });
    expect(show(r)).toEqual([
      'strategy/measures/3.13-neu.yaml:10:14 warning prioritized-depends-on-unprioritized prioritised measure 3.13 depends on 3.9, which is not prioritised',
    ]);
    expect(r.strategy).toBeDefined();
  });

  it('finds a long cycle without recursion, and orders a long chain', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `1.${i}`, depends_on: [`1.${(i + 1) % n}`] }));
    const cycles = dependencyCycles(nodes);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!).toHaveLength(n + 1);
    const chain = nodes.map((x, i) => ({ id: x.id, depends_on: i + 1 < n ? [`1.${i + 1}`] : [] }));
    const { order, blocked } = topologicalOrder(chain, () => 0);
    expect(order[0]).toBe(`1.${n - 1}`);
    expect(order.at(-1)).toBe('1.0');
    expect(blocked).toEqual([]);
  });
});

describe('the computed metric', () => {
  it('refuses recorded values and any kind but list, at the line', () => {
    const r = withFiles({
      'metrics.yaml':
        'metrics:\n  - id: open\n    goal: external\n    name: Offene\n    kind: count\n    direction: down\n    computed: open_requirements\n    values: [{ period: "2020", value: 3 }]\n',
    });
    expect(show(r)).toEqual([
      'strategy/metrics.yaml:5:11 error computed-metric metric open is computed as open_requirements, a list of requirements; expected kind: list (found count)',
      'strategy/metrics.yaml:8:14 error computed-metric metric open is computed from requirements.yaml (open_requirements); expected no recorded values (values: [])',
    ]);
  });
});

describe('periods and days at the edges of the calendar', () => {
  it('bounds periods by the real calendar, also in the years 1–99 and 9999', async () => {
    const { periodBounds } = await import('../src/scoring/requirements.js');
    expect(periodBounds('2022-06')).toEqual({ first: '2022-06-01', last: '2022-06-30' });
    expect(periodBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(periodBounds('1900-02')).toEqual({ first: '1900-02-01', last: '1900-02-28' });
    expect(periodBounds('0004-02')).toEqual({ first: '0004-02-01', last: '0004-02-29' });
    expect(periodBounds('0001-Q4')).toEqual({ first: '0001-10-01', last: '0001-12-31' });
    expect(periodBounds('9999-H2')).toEqual({ first: '9999-07-01', last: '9999-12-31' });
    expect(periodBounds('2021-03-05')).toEqual({ first: '2021-03-05', last: '2021-03-05' });
  });

  it('places the year 0001 before 1970 on the timeline (Date.UTC would read it as 1901)', async () => {
    const { svgTimeline } = await import('../src/render/roadmap-chart.js');
    const roadmap = {
      today: '1970-01-01',
      fields: [
        {
          id: 'f',
          name: 'F',
          items: [{ id: '1.1', title: 'T', status: null, fachbereich: null, start: '0001-01-01', due: '1950-01-01', depends_on: [] }],
        },
      ],
      undated: [],
      milestones: [],
      span: { from: '0001-01-01', to: '1970-01-01' },
    };
    const svg = svgTimeline(roadmap, { roadmap: 'R', milestones: 'M' });
    const [, x, width] = /<rect class="bar status-none" x="(\d+)" y="\d+" width="(\d+)"/.exec(svg)!;
    // From the left end (300) to 1950 of 1970 years: nearly the whole 600-pixel axis.
    expect(Number(x)).toBe(300);
    expect(Number(width)).toBeGreaterThan(580);
  });
});

describe('a measure file that does not parse', () => {
  it('does not make the measures and requirements naming it invalid too (its id is unknown, not missing)', () => {
    const r = withFiles({
      'requirements.yaml': requirements(req('narchg', '["1.2", "1.8"]')),
      'measures/1.2-e-akte-dokumentenmanagement-system.yaml': 'id: "1.2"\ntitle: [unclosed\n',
    });
    expect(r.findings.map((f) => `${f.file} ${f.rule}`)).toEqual([
      'strategy/measures/1.2-e-akte-dokumentenmanagement-system.yaml yaml-syntax',
    ]);
  });
});
