import { formatMedium, type FindingsFormat } from './formats.js';
import { inContractOrder, type Finding } from '../model/finding.js';
import type { ValidationReport } from '../results/validation.js';
import { githubData, githubProperty, guardFormatters, jsonDocument, terminalText, xml, xmlAttribute } from './escape.js';
import type { RenderContext } from './render-context.js';
import { displayWidth } from './display-width.js';
import { wrapText } from './terminal-table.js';

export type FindingsFormatter = (report: ValidationReport, context: RenderContext) => string;

function counts(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

/**
 * One line per finding, `file:line:col` first so editors and terminals can jump to it. On a
 * terminal too narrow for the line, the message continues indented below the location.
 */
function findingLine(f: Finding, { chalk, width }: RenderContext): string {
  const location = `${terminalText(f.file)}:${f.line}:${f.col}`;
  const severity = f.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
  const message = terminalText(f.message);
  const rule = `[${terminalText(f.rule)}]`;
  const plain = `${location} ${f.severity} ${message} ${rule}`;
  if (width === undefined || displayWidth(plain) <= width) return `${location} ${severity} ${message} ${chalk.dim(rule)}`;
  const indent = '    ';
  // The location stays whole (editors parse it), even where it alone is wider than the terminal.
  const head = displayWidth(`${location} ${f.severity}`) <= width ? [`${location} ${severity}`] : [location];
  const text = head.length === 1 && head[0] !== location ? message : `${f.severity}: ${message}`;
  const body = wrapText(text, Math.max(20, width - indent.length));
  const last = body.length - 1;
  const ruleFits = displayWidth(body[last]!) + 1 + displayWidth(rule) <= width - indent.length;
  const styled = (l: string, i: number): string =>
    i === 0 && text !== message ? l.replace(/^(error|warning)/, (s) => (f.severity === 'error' ? chalk.red(s) : chalk.yellow(s))) : l;
  return [
    ...head,
    ...body.map((l, i) => `${indent}${styled(l, i)}${i === last && ruleFits ? ` ${chalk.dim(rule)}` : ''}`),
    ...(ruleFits ? [] : [`${indent}${chalk.dim(rule)}`]),
  ].join('\n');
}

function text(report: ValidationReport, context: RenderContext): string {
  const { chalk, messages: m } = context;
  const lines = report.findings.map((f) => findingLine(f, context));
  const { errors, warnings } = counts(report.findings);
  if (report.findings.length === 0) lines.push(chalk.green(`✔ ${m.validate.valid(report.files.length)}`));
  else lines.push(`${errors > 0 ? chalk.red('✖') : chalk.yellow('⚠')} ${m.validate.invalid(errors, warnings, report.files.length)}`);
  return `${lines.join('\n')}\n`;
}

function json(report: ValidationReport): string {
  const { errors, warnings } = counts(report.findings);
  // The contract's key order, whichever stage produced the finding.
  const findings = report.findings.map(inContractOrder);
  return jsonDocument({ valid: errors === 0, errors, warnings, files: report.files.length, findings });
}

/**
 * GitHub's annotation range. Columns only where the range stays on one line: the runner drops
 * `col`/`endColumn` of a range over several lines (actions/runner, ValidateLinesAndColumns), so
 * there they would be noise.
 */
function githubRange(f: Finding): string {
  return f.endLine === f.line
    ? `line=${f.line},col=${f.col},endLine=${f.endLine},endColumn=${f.endCol}`
    : `line=${f.line},endLine=${f.endLine}`;
}

function github(report: ValidationReport): string {
  return report.findings
    .map(
      (f) =>
        `::${f.severity === 'error' ? 'error' : 'warning'} file=${githubProperty(f.file)},${githubRange(f)},title=${githubProperty(`itstrat ${f.rule}`)}::${githubData(f.message)}\n`,
    )
    .join('');
}

function junit(report: ValidationReport): string {
  const byFile = new Map<string, Finding[]>(report.files.map((f) => [f, []]));
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const { errors } = counts(report.findings);
  const suites = [...byFile].map(([file, findings]) => {
    const failing = findings.filter((f) => f.severity === 'error');
    const cases =
      findings.length === 0
        ? [`    <testcase classname="${xmlAttribute(file)}" name="valid"/>`]
        : findings.map((f) => {
            const name = xmlAttribute(`${f.line}:${f.col} ${f.rule}`);
            const body = xml(`${f.file}:${f.line}:${f.col} ${f.message} [${f.rule}]`);
            return f.severity === 'error'
              ? `    <testcase classname="${xmlAttribute(file)}" name="${name}">\n      <failure message="${xmlAttribute(f.message)}" type="${xmlAttribute(f.rule)}">${body}</failure>\n    </testcase>`
              : `    <testcase classname="${xmlAttribute(file)}" name="${name}">\n      <system-out>warning: ${body}</system-out>\n    </testcase>`;
          });
    return `  <testsuite name="${xmlAttribute(file)}" tests="${cases.length}" failures="${failing.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="itstrat validate" tests="${suites.length === 0 ? 0 : [...byFile.values()].reduce((n, f) => n + Math.max(1, f.length), 0)}" failures="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const findingsFormatters = guardFormatters(formatMedium, { text, json, github, junit } satisfies Record<
  FindingsFormat,
  FindingsFormatter
>);
