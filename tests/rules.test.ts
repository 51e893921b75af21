import { describe, expect, it } from 'vitest';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import type { SourceFile } from '../src/model/source-file.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { bundled } from './helpers/cli.js';

/** The bundled strategy with some files replaced or added, all in memory. */
function withFiles(changes: Record<string, string | null>): ReturnType<typeof assembleStrategy> {
  const files = readStrategyDir(bundled).filter((f) => !(f.relative in changes));
  const added: SourceFile[] = Object.entries(changes)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([relative, text]) => ({ path: `strategy/${relative}`, relative, bytes: Buffer.from(text) }));
  return assembleStrategy('strategy', [...files, ...added]);
}

const measure = (id: string, extra = '', scores = 'strategy: 1, quality: 1, security: 1, external: 1', field = 'technik') =>
  `id: "${id}"\ntitle: T\nfield: ${field}\ndescription: D\nsource: []\ncurrent_state: ""\nrecommendation: ""\nscores: { ${scores} }\n${extra}`;

const rulesOf = (r: ReturnType<typeof assembleStrategy>) => r.findings.map((f) => `${f.rule}:${f.severity}`);

describe('rules beyond the schemas', () => {
  it('accepts a well-formed new measure without decision', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13') });
    expect(r.findings).toEqual([]);
    expect(r.strategy?.measures.find((m) => m.id === '3.13')?.decision).toBeUndefined();
  });

  it('id-filename: the file name must start with the id', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.14') });
    expect(r.findings).toMatchObject([
      {
        rule: 'id-filename',
        line: 1,
        col: 5,
        message: 'id 3.14 does not match the file name 3.13-neu.yaml; expected the name to start with "3.14-"',
      },
    ]);
  });

  it('id-field-number warns when the id does not start with the field number', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13', '', undefined, 'kundenschnittstelle') });
    expect(rulesOf(r)).toEqual(['id-field-number:warning']);
    expect(r.strategy).toBeDefined();
  });

  it('missing-score and unknown-score with a suggestion', () => {
    const r = withFiles({ 'measures/3.13-neu.yaml': measure('3.13', '', 'strategy: 1, quality: 1, securty: 1, external: 1') });
    expect(r.findings.map((f) => f.message)).toEqual([
      'scores has no score for Leitplanke security (expected one for each of strategy, quality, security, external)',
      'scores.securty is not a Leitplanke — did you mean security? (expected strategy, quality, security, external)',
    ]);
  });

  it('weights-zero', () => {
    const text = readStrategyDir(bundled)
      .find((f) => f.relative === 'leitplanken.yaml')!
      .bytes.toString();
    expect(rulesOf(withFiles({ 'leitplanken.yaml': text.replace(/weight: \d+/g, 'weight: 0') }))).toEqual(['weights-zero:error']);
  });

  it('unknown-goal, duplicate-metric and metric-value', () => {
    const text = readStrategyDir(bundled)
      .find((f) => f.relative === 'metrics.yaml')!
      .bytes.toString();
    const broken = text
      .replace('goal: quality', 'goal: qualty')
      .replace('id: "it-costs"', 'id: "tco-ratio"')
      .replace(
        /(id: "media-break-free-processes"[\s\S]*?)values: \[\]/,
        '$1values:\n      - { period: "2019", value: 2.5 }\n      - { period: "2019", value: 3 }',
      )
      .replace(/(id: "isms-status"[\s\S]*?)values: \[\]/, '$1values:\n      - { period: "2020-Q1", value: fertig }');
    const r = withFiles({ 'metrics.yaml': broken });
    expect(r.findings.map((f) => `${f.line} ${f.rule}: ${f.message}`)).toEqual([
      `19 unknown-goal: goal qualty of metric media-break-free-processes is neither a Leitplanke nor a goal in metrics.yaml — did you mean quality? (expected one of strategy, quality, security, external, cost-benefit)`,
      '24 metric-value: value of media-break-free-processes for 2019 must be a whole number ≥ 0 (found 2.5)',
      '25 metric-value: metric media-break-free-processes has two values for period 2019',
      '34 metric-value: value of isms-status for 2020-Q1 must be one of nicht begonnen, in Planung, im Aufbau, etabliert (found "fertig")',
      expect.stringMatching(/^\d+ duplicate-metric: metric id tco-ratio is used twice$/),
    ]);
  });

  it('duplicate Handlungsfeld ids and numbers', () => {
    const text = readStrategyDir(bundled)
      .find((f) => f.relative === 'strategy.yaml')!
      .bytes.toString();
    const r = withFiles({
      'strategy.yaml': text.replace('id: "kundenschnittstelle"\n    number: 2', 'id: "eadministration"\n    number: 1'),
    });
    expect(r.findings.filter((f) => f.rule === 'duplicate-field').map((f) => f.message)).toEqual([
      'Handlungsfeld id eadministration is used twice',
      'Handlungsfeld number 1 is used twice',
    ]);
    expect(rulesOf(r)).toContain('unknown-field:error');
  });
});
