import { formatMedium, type CalibrationFormat } from './formats.js';
import { guardFormatters, jsonDocument, terminalText } from './escape.js';
import { fitLine, renderTable } from './terminal-table.js';
import type { CalibrationReport } from '../results/calibration.js';
import type { RenderContext } from './render-context.js';
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
    method: c.method,
    written: written ?? null,
  });
}

function table(report: CalibrationReport, { chalk, messages: m, width }: RenderContext): string {
  const c = report.calibration;
  const bold = (text: string): string => chalk.bold(text);
  const rows = [
    ...report.leitplanken.map((l) => [
      l.short ?? l.id,
      m.numbers.number(report.current.weights[l.id] ?? 0),
      m.numbers.number(c.weights[l.id] ?? 0),
    ]),
    [m.threshold, m.numbers.number(report.current.threshold), m.numbers.number(c.threshold)],
  ].map(([name, before, after]) => [name!, before!, { text: after!, style: bold }]);
  const t = renderTable(
    [
      { head: m.leitplanke, wrap: true },
      { head: m.before, align: 'right' },
      { head: m.after, align: 'right' },
    ],
    rows,
    {
      chalk,
      width,
    },
  );
  const colour = c.disagreements.length === 0 ? chalk.green : chalk.yellow;
  const lines = [t, ...fitLine(m.calibrated(c.agreement, c.total, c.exact, c.evaluated, c.method), width, ' ').map((l) => colour(l))];
  if (c.disagreements.length > 0) {
    lines.push(`${m.stillDisagree}:`);
    for (const d of c.disagreements)
      lines.push(
        `  ${terminalText(d.id)}: ${m.score} ${m.numbers.number(displayScore(d.score))}, ${m.decision} ${m.values.decision[d.decision]} ≠ ${m.values.decision[d.computed]}`,
      );
  }
  if (report.written !== undefined) lines.push(...fitLine(m.written(terminalText(report.written)), width, ' '));
  return `${lines.join('\n')}\n`;
}

export const calibrationFormatters = guardFormatters(formatMedium, { table, json } satisfies Record<
  CalibrationFormat,
  CalibrationFormatter
>);
