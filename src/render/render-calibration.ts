import Table from 'cli-table3';
import { formatMedium, type CalibrationFormat } from './formats.js';
import { guardFormatters, jsonDocument, terminalText } from './escape.js';
import { compactChars } from './table-style.js';
import type { CalibrationReport } from '../results/calibration.js';
import type { RenderContext } from './render-score.js';
import { displayScore } from '../scoring/score.js';

export type CalibrationFormatter = (report: CalibrationReport, context: RenderContext) => string;

function json({ calibration: c, written }: CalibrationReport): string {
  return jsonDocument({
    weights: c.weights,
    threshold: c.threshold,
    agreement: c.agreement,
    total: c.total,
    disagreements: c.disagreements,
    exact: c.exact,
    evaluated: c.evaluated,
    written: written ?? null,
  });
}

function table(report: CalibrationReport, { chalk, messages: m }: RenderContext): string {
  const c = report.calibration;
  const t = new Table({
    head: [m.leitplanke, m.before, m.after].map((h) => chalk.bold(h)),
    style: { head: [], border: [] },
    chars: compactChars,
  });
  for (const l of report.leitplanken) {
    t.push([
      terminalText(l.short ?? l.id),
      { content: m.numbers.number(report.current.weights[l.id] ?? 0), hAlign: 'right' },
      { content: chalk.bold(m.numbers.number(c.weights[l.id] ?? 0)), hAlign: 'right' },
    ]);
  }
  t.push([
    m.threshold,
    { content: m.numbers.number(report.current.threshold), hAlign: 'right' },
    { content: chalk.bold(m.numbers.number(c.threshold)), hAlign: 'right' },
  ]);
  const lines = [
    t.toString(),
    (c.disagreements.length === 0 ? chalk.green : chalk.yellow)(m.calibrated(c.agreement, c.total, c.exact, c.evaluated)),
  ];
  if (c.disagreements.length > 0) {
    lines.push(`${m.stillDisagree}:`);
    for (const d of c.disagreements)
      lines.push(
        `  ${terminalText(d.id)}: ${m.score} ${m.numbers.number(displayScore(d.score))}, ${m.decision} ${m.values.decision[d.decision]} ≠ ${m.values.decision[d.computed]}`,
      );
  }
  if (report.written !== undefined) lines.push(m.written(terminalText(report.written)));
  return `${lines.join('\n')}\n`;
}

export const calibrationFormatters = guardFormatters(formatMedium, { table, json } satisfies Record<
  CalibrationFormat,
  CalibrationFormatter
>);
