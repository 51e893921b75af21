import { scoreMeasures, sortScored, weightsOf, type SortKey, type Weights } from '../scoring/score.js';
import { sensitivity } from '../scoring/sensitivity.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Finding } from '../model/finding.js';
import { MAX_THRESHOLD, MAX_WEIGHT } from '../model/bounds.js';
import { wholeWithin } from '../model/whole-text.js';
import { didYouMean } from '../model/suggest.js';
import { terminalText } from '../render/escape.js';
import type { Strategy } from '../model/types.js';
import type { ScoreReport } from '../results/score.js';
import { project, type CommandResult, type ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { wholeNumber } from '../command-kit/whole-number.js';
import { decimalComma, joinRepeated } from '../command-kit/leitplanke-option.js';
import { resolveField } from '../command-kit/field-option.js';
import { scoreFormats, type ScoreFormat } from '../render/formats.js';
import { scoreFormatters } from '../render/render-score.js';

export interface ScoreOptions {
  field?: string;
  top?: number;
  prioritized?: boolean;
  sort?: SortKey;
  /** What-if weights, `id=n,…`, overriding leitplanken.yaml for this run. */
  weights?: string;
  /** What-if threshold for this run, overriding leitplanken.yaml (the report's what-if field). */
  threshold?: number;
  check?: boolean;
  sensitivity?: boolean;
  /** CSV for German Excel; only with --format csv. */
  excel?: boolean;
  format?: string;
}

export interface ScoreResult extends CommandResult {
  strategy: Strategy;
  report: ScoreReport;
  /** With --check: each measure whose computed priority contradicts its recorded decision. */
  disagreements: Finding[];
  exitCode: ExitCode;
}

export function parseWeights(spec: string, strategy: Strategy): Weights {
  const ids = strategy.leitplanken.leitplanken.map((l) => l.id);
  const weights = weightsOf(strategy.leitplanken.leitplanken);
  const expected = `expected id=n,… with a Leitplanke id (${ids.join(', ')}) and a whole number from 0 to ${MAX_WEIGHT}, e.g. --weights ${ids[0] ?? 'strategy'}=3`;
  const given = new Map<string, string>();
  const parts = spec.split(',');
  for (const [i, part] of parts.entries()) {
    const match = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (match === null)
      throw (
        decimalComma(
          '--weights',
          parts,
          i,
          ids
            .slice(0, 2)
            .map((id, j) => `${id}=${3 - j}`)
            .join(','),
        ) ?? new CliError(`--weights: cannot read "${terminalText(part)}"; ${expected}`)
      );
    const [, id, value] = match as unknown as [string, string, string];
    if (!ids.includes(id))
      throw new CliError(`--weights: unknown Leitplanke ${terminalText(id)}${didYouMean(id, ids)} (valid: ${ids.join(', ')})`);
    // Last-one-wins would silently drop a value the user typed; which one was meant is unknowable.
    const earlier = given.get(id);
    if (earlier !== undefined)
      throw new CliError(
        `--weights: ${id} is given twice (${id}=${terminalText(earlier)} and ${id}=${terminalText(value)}); expected each Leitplanke at most once`,
      );
    given.set(id, value);
    if (!/^(0|[1-9]\d*)$/.test(value)) throw new CliError(`--weights: ${id}=${terminalText(value)} is not a whole number ≥ 0; ${expected}`);
    // The rule the report's what-if applies to its fields (src/model/whole-text.ts), compared as digits.
    const weight = wholeWithin(value, 0, MAX_WEIGHT);
    if (weight === undefined) throw new CliError(`--weights: ${id}=${value} is above ${MAX_WEIGHT}; ${expected}`);
    weights[id] = weight;
  }
  if (Object.values(weights).every((w) => w === 0)) throw new CliError('--weights: all weights would be 0; expected at least one above 0');
  return weights;
}

export function score(options: ScoreOptions, workspace: Workspace): ScoreResult {
  if (options.excel === true && options.format !== 'csv')
    throw new CliError(`--excel writes CSV for Excel: use it with --format csv (found --format ${terminalText(String(options.format))})`);
  const strategy = workspace.strategy();
  const fields = strategy.strategy.handlungsfelder;
  const field = options.field === undefined ? undefined : resolveField('--field', options.field, fields).id;
  const weights = options.weights === undefined ? weightsOf(strategy.leitplanken.leitplanken) : parseWeights(options.weights, strategy);
  const threshold = options.threshold ?? strategy.leitplanken.threshold;
  const input = {
    leitplanken: strategy.leitplanken.leitplanken,
    threshold,
    fields,
    measures: strategy.measures,
  };
  const all = scoreMeasures(input, weights);
  let shown = sortScored(all, options.sort ?? 'score', fields);
  if (field !== undefined) shown = shown.filter((s) => s.measure.field === field);
  if (options.prioritized === true) shown = shown.filter((s) => s.prioritized);
  if (options.top !== undefined) shown = shown.slice(0, options.top);

  // Located only when asked for: a position may mean parsing the measure's file again.
  const disagreements: Finding[] = (options.check === true ? all : [])
    .filter((s) => s.disagrees)
    .map((s) => ({
      file: s.measure.origin.file,
      ...s.measure.origin.locate(['decision']),
      path: 'decision',
      rule: 'priority-mismatch',
      severity: 'error' as const,
      message: `measure ${s.measure.id} is recorded as ${s.measure.decision} but scores ${Number(s.score.toFixed(6))} against threshold ${threshold}, so it is computed as ${s.prioritized ? 'prioritized' : 'not_prioritized'}`,
    }));
  return {
    strategy,
    report: {
      leitplanken: strategy.leitplanken.leitplanken,
      weights,
      threshold,
      fields,
      total: all.length,
      measures: shown,
      ...(options.sensitivity === true ? { sensitivity: sensitivity(input, weights) } : {}),
      ...(options.excel === true ? { excel: true } : {}),
    },
    disagreements,
    language: workspace.language(),
    ...(options.check === true && disagreements.length > 0
      ? { diagnostics: { files: [...new Set(disagreements.map((d) => d.file))], findings: disagreements } }
      : {}),
    exitCode: options.check === true && disagreements.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}

export const scoreCommand = {
  kind: 'read',
  spec: {
    path: ['score'],
    description: 'weighted scores, ranks and computed priorities of the measures',
    formats: scoreFormats,
    options: [
      {
        flags: '--field <field>',
        description: 'only measures of this Handlungsfeld: its id, number or name (ranks stay those of the whole strategy)',
        complete: 'fields',
      },
      { flags: '--top <n>', description: 'only the first n measures', parse: wholeNumber('--top', 1) },
      { flags: '--prioritized', description: 'only measures computed as prioritised' },
      { flags: '--sort <key>', description: 'order of the rows', choices: ['score', 'id', 'field'], default: 'score' },
      {
        flags: '--weights <id=n,...>',
        description: 'what-if weights for this run, e.g. security=3,external=1 (files are not changed; may be repeated)',
        parse: joinRepeated,
      },
      {
        flags: '--threshold <n>',
        description: 'what-if threshold for this run: the score a measure must reach to be prioritised (files are not changed)',
        parse: wholeNumber('--threshold', 0, MAX_THRESHOLD),
      },
      { flags: '--check', description: 'exit 1 when a computed priority disagrees with a recorded decision' },
      { flags: '--sensitivity', description: 'how far each priority is from flipping when one weight changes (flip distance)' },
      {
        flags: '--excel',
        description: 'with --format csv: CSV for German Excel (UTF-8 BOM, ";" between fields, decimal comma, CRLF)',
      },
    ],
  },
  run: score,
  formatters: project(scoreFormatters, (r: ScoreResult) => r.report),
} satisfies ReadingCommand<ScoreOptions, ScoreResult, ScoreFormat>;
