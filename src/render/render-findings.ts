import type { ChalkInstance } from 'chalk';
import { formatMedium, type FindingsFormat } from './formats.js';
import type { Messages } from '../i18n/messages.js';
import { inContractOrder, type Finding } from '../model/finding.js';
import type { ValidationReport } from '../results/validation.js';
import { githubData, githubProperty, guardFormatters, jsonDocument, terminalText, xml, xmlAttribute } from './escape.js';

export type FindingsFormatter = (report: ValidationReport, context: { chalk: ChalkInstance; messages: Messages }) => string;

function counts(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

function text(report: ValidationReport, { chalk, messages: m }: { chalk: ChalkInstance; messages: Messages }): string {
  const lines = report.findings.map((f) => {
    const severity = f.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    return `${terminalText(f.file)}:${f.line}:${f.col} ${severity} ${terminalText(f.message)} ${chalk.dim(`[${terminalText(f.rule)}]`)}`;
  });
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
